using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>Real sources through a real model to decisions.</summary>
public class FilesSourcePipelineTests
{
    [Fact]
    public void Files_source_decisions_name_the_right_label_for_each_shared_image()
    {
        using var dir = new TempDirectory();
        string[] images = ["bird.bmp", "hot_dog.jpg", "parrot.jpg", "sunflower.bmp"];
        foreach (string image in images)
        {
            File.Copy(SharedAssets.Image(image), dir.File(image));
        }

        using var source = new ImageFileFrameSource(dir.Path, fps: 20, loop: false);
        using var model = PipelineFixtures.Model("mobilenet_v2_1.0_224_quant.onnx");
        var sink = new CollectingSink();
        var stats = new PipelineStats();
        var loop = PipelineFixtures.Loop(source, model, new PipelineOptions { BudgetMs = 1000 }, stats, sink);
        source.Start();
        loop.Run(CancellationToken.None);

        Assert.Equal(["bird.bmp", "hot_dog.jpg", "parrot.jpg", "sunflower.bmp"], sink.Decisions.Select(d => d.Frame));
        Assert.Equal(["chickadee", "hotdog, hot dog, red hot", "macaw", "daisy"], sink.Decisions.Select(d => d.Label));
        Assert.Equal(4, stats.FramesProcessed);
    }

    [Fact]
    public void Synthetic_yuyv_frames_reach_decisions_with_stage_times()
    {
        using var source = new SyntheticFrameSource(640, 480, 30, PixelFormat.Yuyv);
        using var model = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx");
        var sink = new CollectingSink();
        var stats = new PipelineStats();
        var loop = PipelineFixtures.Loop(source, model, new PipelineOptions { BudgetMs = 1000 }, stats, sink);
        source.Start();
        for (int i = 0; i < 20; i++)
        {
            loop.Step();
        }

        PipelineStatsSnapshot snapshot = stats.Snapshot();
        Assert.Equal(20, snapshot.FramesCaptured);
        Assert.Equal(20, snapshot.FramesProcessed);
        Assert.NotEmpty(sink.Decisions);
        Assert.All(new[] { "preprocess", "inference", "total" }, stage => Assert.True(snapshot.Stages[stage].P50 > 0));
        Assert.True(snapshot.Stages["total"].P50 >= snapshot.Stages["inference"].P50);
        Assert.True(snapshot.Stages["total"].P99 <= snapshot.Stages["total"].Max);
    }
}
