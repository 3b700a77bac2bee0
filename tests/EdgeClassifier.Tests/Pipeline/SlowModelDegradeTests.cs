using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>A model slower than the budget: misses and drops are counted, the pipeline degrades step by step, and recovers.</summary>
public class SlowModelDegradeTests
{
    [Fact]
    public void Over_budget_frames_are_missed_and_dropped_then_the_pipeline_degrades_and_recovers()
    {
        using var source = new SyntheticFrameSource(320, 240, 30, PixelFormat.Yuyv);
        var slow = new SlowClassifier(ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx") })) { DelayMs = 60 };
        using var main = new ClassifierSet(slow, new ClassificationOptions(), new DecisionOptions { Mode = DecisionMode.Instant });
        using var fallback = PipelineFixtures.Model("mobilenet_v1_0.25_128_quant.onnx");
        var options = new PipelineOptions { BudgetMs = 33, WindowFrames = 5, MaxFrameSkip = 2, RecoverSeconds = 0.3 };
        var stats = new PipelineStats();
        var loop = PipelineFixtures.Loop(source, main, options, stats, new CollectingSink(), fallback);
        source.Start();

        var levels = new List<int>();
        for (int i = 0; i < 200 && loop.Degrade.Level < 2; i++)
        {
            loop.Step();
            levels.Add(loop.Degrade.Level);
        }

        Assert.True(stats.Misses >= 5, $"misses {stats.Misses}");
        Assert.True(stats.Drops > 0, $"drops {stats.Drops}");
        Assert.Contains(1, levels);
        Assert.Equal(2, loop.Degrade.Level);
        Assert.Same(fallback, loop.Active);
        Assert.Equal(2, stats.DegradeLevel);

        // The fallback keeps the budget: after RecoverSeconds under budget the pipeline steps back to normal.
        slow.DelayMs = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (loop.Degrade.Level > 0 && DateTime.UtcNow < deadline)
        {
            loop.Step();
        }

        Assert.Equal(0, loop.Degrade.Level);
        Assert.Same(main, loop.Active);
        Assert.Equal("normal", stats.DegradeState);
    }
}
