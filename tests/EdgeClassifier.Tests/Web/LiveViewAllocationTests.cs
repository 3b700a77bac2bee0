using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Tests.Hosting;
using EdgeClassifier.Tests.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Web;

/// <summary>
/// The frame path with the web attached: the snapshot tap copying frames at the stream rate for three viewers of
/// <c>/api/stream.mjpg</c>, stage times recorded into the Prometheus histograms, decisions to the web feed —
/// and still no allocation on the frame thread.
/// </summary>
[Collection(nameof(LiveWebCollection))]
public class LiveViewAllocationTests
{
    [Fact]
    public async Task Frame_thread_allocates_nothing_while_three_viewers_watch_the_stream()
    {
        using var progress = new FrameFlowProgress();
        await using var web = new InProcessWeb(progress);
        await web.StartAsync();
        using ClassifierSet model = PipelineFixtures.Model("mobilenet_v1_0.5_160_quant.onnx");
        using var source = new ImageFileFrameSource(SharedAssets.Image("parrot.jpg"), fps: 60);
        var loop = new FrameLoop(source, new PipelineModels(model, null), new PipelineOptions { BudgetMs = 10_000 }, web.Stats, [web.Feed.Sink], NullLogger.Instance)
        {
            Taps = [new SnapshotTap(web.Frames, new SnapshotOptions(), web.Demand)],
        };
        web.Stats.Recorder = web.Histograms;

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long received = 0;
        Task[] viewers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            try
            {
                await using Stream stream = await http.GetStreamAsync(web.BaseUrl + "/api/stream.mjpg", stop.Token);
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
                {
                    Interlocked.Add(ref received, read);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // Stopped by the test.
            }
        }))];
        Assert.Contains("edgeclassifier_frames_processed_total", await http.GetStringAsync(web.BaseUrl + "/metrics"));

        source.Start();
        for (int i = 0; i < 60; i++)
        {
            loop.Step();
        }

        Assert.Equal(3, web.Stream.Viewers);
        long encoded = web.Stream.Encoded;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 300; i++)
        {
            loop.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long streamed = web.Stream.Encoded - encoded;
        stop.Cancel();
        await Task.WhenAll(viewers);

        Assert.True(streamed >= 10, $"only {streamed} stream frames were encoded in 5 s at 5 fps");
        Assert.True(Interlocked.Read(ref received) > 0, "the viewers received nothing");
        Assert.Equal(0, allocated);
    }
}
