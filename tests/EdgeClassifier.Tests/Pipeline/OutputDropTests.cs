using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Outputs;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>An output that falls behind drops its oldest decisions, counted per output in the stats document.</summary>
public sealed class OutputDropTests
{
    [Fact]
    public void A_full_queue_drops_the_oldest_counts_it_and_allocates_nothing()
    {
        var queue = new DecisionQueue("slow", 4);
        Decision[] decisions = [.. Enumerable.Range(0, 8).Select(i => new Decision("cat", 1, 0.9f, false, [], DateTimeOffset.UnixEpoch, "f", i))];
        for (int i = 0; i < 4; i++)
        {
            queue.Publish(decisions[i]);
        }

        queue.Publish(decisions[4]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            queue.Publish(decisions[5 + (i % 3)]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, queue.Dropped);
        Assert.True(queue.Reader.TryRead(out Decision? oldest));
        Assert.True(oldest!.Sequence >= 5, "the oldest decisions were the ones dropped");
    }

    [Fact]
    public void The_frame_loop_s_outputs_show_their_drops_in_the_stats_snapshot()
    {
        using var source = new ImageFileFrameSource(SharedAssets.Image("parrot.jpg"), fps: 1000);
        using var model = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx", new DecisionOptions { Mode = DecisionMode.Instant, EmitEveryFrame = true });
        var stats = new PipelineStats();
        var behind = new DecisionQueue("behind", 2);
        var loop = new FrameLoop(source, new PipelineModels(model, null), new PipelineOptions { BudgetMs = 10_000 }, stats,
            [behind, new CollectingSink()], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        source.Start();
        for (int i = 0; i < 10; i++)
        {
            loop.Step();
        }

        PipelineStatsSnapshot snapshot = stats.Snapshot();
        long decided = snapshot.FramesProcessed;
        Assert.True(decided >= 3, $"{decided} frames decided");
        Assert.Equal(decided - 2, snapshot.Outputs["behind"].Dropped);
        Assert.Equal(0, snapshot.Outputs["test"].Dropped);
        Assert.Contains("\"outputs\":{\"behind\":{\"dropped\":", StatsJson.Serialize(snapshot));
    }
}
