using System.Text.Json;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Outputs.Collection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Collection;

/// <summary>The frame-thread side of the collection: what it picks, that it never allocates, and what the writer keeps.</summary>
public sealed class FrameCollectorTests : IDisposable
{
    private static readonly string[] Labels = ["cat", "dog", "bird"];
    private readonly TempDirectory _temp = new();
    private readonly byte[] _pixels = Enumerable.Range(0, 64 * 48 * 3).Select(i => (byte)i).ToArray();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Offering_frames_allocates_nothing_on_the_frame_thread_whether_a_slot_is_free_or_not()
    {
        using var collector = Collector(new CollectOptions { AmbiguityMargin = 1, IntervalMs = 0, QueueLength = 2, MaxFiles = 100_000, MaxMegabytes = 1000 });
        ClassificationResult result = Rank([0.5f, 0.4f, 0.1f]);

        // Warm-up: every slot grows to the frame size once. Bursts outrun the writer, so each slot is filled (offers
        // spaced out would only ever use the first slot, and the second would grow inside the measurement).
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < 50; i++)
            {
                Offer(collector, result, (round * 50) + i);
            }

            Thread.Sleep(50);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            Offer(collector, result, 100 + i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(collector.Dropped > 0, "a tight loop outruns the writer: some frames must have found both slots taken");
    }

    [Fact]
    public void Picks_frames_by_margin_score_and_label()
    {
        using var byMargin = Collector(new CollectOptions { AmbiguityMargin = 0.3 });
        Assert.Equal(CollectReason.Ambiguous, byMargin.ReasonFor(Rank([0.5f, 0.3f, 0.2f])));
        Assert.Equal(CollectReason.None, byMargin.ReasonFor(Rank([0.8f, 0.1f, 0.1f])));

        using var byScore = Collector(new CollectOptions { AmbiguityMargin = 0, BelowScore = 0.9 });
        Assert.Equal(CollectReason.BelowScore, byScore.ReasonFor(Rank([0.8f, 0.1f, 0.1f])));

        using var byLabel = Collector(new CollectOptions { AmbiguityMargin = 0, Labels = ["DOG"] });
        Assert.Equal(CollectReason.Label, byLabel.ReasonFor(Rank([0.1f, 0.8f, 0.1f])));
        Assert.Equal(CollectReason.None, byLabel.ReasonFor(Rank([0.8f, 0.1f, 0.1f])));

        // Unset: the classification's own ambiguous flag (Classification:AmbiguityMargin, 0.2 by default).
        using var byFlag = Collector(new CollectOptions());
        Assert.Equal(CollectReason.Ambiguous, byFlag.ReasonFor(Rank([0.5f, 0.4f, 0.1f])));
        Assert.Equal(CollectReason.None, byFlag.ReasonFor(Rank([0.7f, 0.2f, 0.1f])));
    }

    [Fact]
    public void The_writer_keeps_jpeg_and_sidecar_per_label_and_photo_and_stops_at_the_count()
    {
        var options = new CollectOptions { AmbiguityMargin = 1, IntervalMs = 0, MaxFiles = 3 };
        var collector = Collector(options);
        ClassificationResult result = Rank([0.45f, 0.35f, 0.2f]);
        for (int i = 0; i < 10; i++)
        {
            Offer(collector, result, i);
            Thread.Sleep(50);
        }

        collector.Dispose();

        string[] images = Directory.GetFiles(_temp.File("out"), "*.jpg", SearchOption.AllDirectories);
        Assert.Equal(3, images.Length);
        Assert.All(images, image => Assert.Equal(Path.Combine(_temp.File("out"), "cat", "photo"), Path.GetDirectoryName(image)));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(images[0], ".json")));
        JsonElement root = sidecar.RootElement;
        Assert.Equal("cat", root.GetProperty("label").GetString());
        Assert.Equal(0.45, root.GetProperty("score").GetDouble(), 4);
        Assert.Equal("ambiguous", root.GetProperty("reason").GetString());
        Assert.Equal(3, root.GetProperty("top").GetArrayLength());
        Assert.Equal("photo.png", root.GetProperty("frame").GetString());
        Assert.Equal("test.onnx", root.GetProperty("model").GetString());
        Assert.Equal(Path.GetFileName(images[0]), root.GetProperty("image").GetString());
        Assert.True(collector.Store.Full);
        Assert.True(collector.Store.Limited > 0 || collector.Store.Saved == 3);
    }

    [Fact]
    public void Requested_frames_are_taken_whatever_their_result_and_requests_are_bounded()
    {
        // No rule of its own picks a frame, and an interval far longer than the test.
        var collector = Collector(new CollectOptions { AmbiguityMargin = 0, IntervalMs = 3_600_000, QueueLength = 1 });
        ClassificationResult sure = Rank([0.9f, 0.05f, 0.05f]);
        var tap = (EdgeClassifier.Pipeline.IFrameTap)collector;
        Assert.False(tap.WantsFrame(sure, 1));

        Assert.Equal(2, collector.Request(2));
        Assert.True(tap.WantsFrame(sure, 1));
        for (int i = 0; i < 200 && collector.Requested > 0; i++)
        {
            // One slot: while the writer holds it the request waits for a later frame instead of being dropped.
            Offer(collector, sure, i);
            Thread.Sleep(10);
        }

        Assert.Equal(0, collector.Requested);
        Assert.False(tap.WantsFrame(sure, 1));
        Assert.Equal(FrameCollector.MaxRequestedFrames, collector.Request(FrameCollector.MaxRequestedFrames + 50));
        Assert.Equal(FrameCollector.MaxRequestedFrames, collector.Request(1));
        collector.Dispose();

        string[] images = Directory.GetFiles(_temp.File("out"), "*.jpg", SearchOption.AllDirectories);
        Assert.Equal(2, images.Length);
        Assert.Equal(0, collector.Dropped);
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(images[0], ".json")));
        Assert.Equal("command", sidecar.RootElement.GetProperty("reason").GetString());
        Assert.False(sidecar.RootElement.GetProperty("ambiguous").GetBoolean());
    }

    private FrameCollector Collector(CollectOptions options)
    {
        var store = new CollectedFrameStore(_temp.File("out"), options.MaxFiles, (long)(options.MaxMegabytes * 1024 * 1024), options.Width, options.Quality);
        return new FrameCollector(options, store, () => "test.onnx", NullLogger.Instance);
    }

    private void Offer(FrameCollector collector, ClassificationResult result, long sequence)
    {
        var frame = new Frame(new ImageView(_pixels, PixelFormat.Rgb24, 64, 48), sequence, 1, "photo.png");
        ((EdgeClassifier.Pipeline.IFrameTap)collector).Offer(frame, result, 1 + (sequence * 1000));
    }

    private static ClassificationResult Rank(float[] scores)
    {
        var ranker = new ResultRanker(Labels, new ClassificationOptions());
        ClassificationResult result = ranker.CreateResult();
        ranker.Rank(scores, result);
        return result;
    }
}
