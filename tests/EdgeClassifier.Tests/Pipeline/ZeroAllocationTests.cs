using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>
/// Steady state: 1,000 frames through capture, preprocess, infer, rank and decide allocate no managed memory.
/// Only a changed decision allocates (by design), so each scene here holds one decision.
/// </summary>
public class ZeroAllocationTests
{
    [Theory]
    [InlineData("mobilenet_v1_0.25_128_quant.onnx", PixelFormat.Yuyv)]
    [InlineData("mobilenet_v2_1.0_224_quant_float.onnx", PixelFormat.Nv12)]
    public void Synthetic_camera_frame_path_allocates_nothing(string model, PixelFormat format)
    {
        // The test pattern moves, so the top label may change; a threshold no score reaches holds the decision at
        // "no match" while every stage still runs.
        using var source = new SyntheticFrameSource(640, 480, 1000, format);
        var classification = new ClassificationOptions { ScoreThreshold = 1f, AmbiguityMargin = 0f };
        AssertNoAllocation(source, PipelineFixtures.Model(model, classification: classification));
    }

    [Fact]
    public void Image_file_frame_path_allocates_nothing()
    {
        using var source = new ImageFileFrameSource(SharedAssets.Image("parrot.jpg"), fps: 1000);
        AssertNoAllocation(source, PipelineFixtures.Model("mobilenet_v2_1.0_224_quant.onnx"));
    }

    [Fact]
    public void The_classification_stream_allocates_only_for_the_frames_its_rate_limit_lets_through()
    {
        using var source = new ImageFileFrameSource(SharedAssets.Image("parrot.jpg"), fps: 1000);
        using var model = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx");
        var stream = new ClassificationStream(new MqttOptions { ClassificationStream = true, ClassificationMaxPerSecond = 2 });
        var loop = PipelineFixtures.Loop(source, model, new PipelineOptions { BudgetMs = 10_000 }, new PipelineStats(), new CollectingSink());
        loop.Stream = stream;
        source.Start();
        for (int i = 0; i < 50; i++)
        {
            loop.Step();
        }

        while (stream.Queue.Reader.TryRead(out _))
        {
        }

        long started = Stopwatch.GetTimestamp();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            loop.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        int published = 0;
        while (stream.Queue.Reader.TryRead(out _))
        {
            published++;
        }

        published += (int)stream.Queue.Dropped;
        Assert.InRange(published, 1, (int)Math.Ceiling(seconds * 2) + 1);
        // A classification let through builds its message (top-K, labels, JSON): a few KiB. 500 frames that each
        // allocated even a little would exceed this bound many times over.
        Assert.True(allocated <= published * 16_384L, $"{allocated} bytes for {published} classification(s) over 500 frames");
    }

    private static void AssertNoAllocation(IFrameSource source, ClassifierSet model)
    {
        using (model)
        {
            var sink = new CollectingSink();
            var stats = new PipelineStats();
            var loop = PipelineFixtures.Loop(source, model, new PipelineOptions { BudgetMs = 10_000 }, stats, sink);
            source.Start();
            for (int i = 0; i < 50; i++)
            {
                loop.Step();
            }

            long processed = stats.FramesProcessed;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                loop.Step();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(1000, stats.FramesProcessed - processed);
            Assert.Single(sink.Decisions);
            Assert.Equal(0, allocated);
        }
    }
}
