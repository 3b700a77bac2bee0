using System.Diagnostics;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Inference;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>
/// The real <c>edgeclassifier run</c> with a model whose one inference takes seconds, far over
/// <c>Watchdog:StuckInferenceMultiple</c> × <c>Pipeline:BudgetMs</c>: the service must notice it itself and exit
/// non-zero, naming the reason, so systemd restarts it.
/// </summary>
[Collection(nameof(TimedRunCollection))]
public class StuckInferenceTests
{
    [Fact]
    public void An_inference_far_over_the_limit_ends_run_with_exit_code_1_and_the_reason()
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.MatMulChainClassifier(dir.Path, size: 1024, multiplications: 60);
        var clock = Stopwatch.StartNew();
        var run = CliProcess.Run(
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["STATE_DIRECTORY"] = dir.File("state") },
            "run", "--duration", "90s",
            "--Camera:Source=synthetic", $"--Model:Path={model}", "--Runtime:Threads=1", "--Mqtt:Enabled=false",
            "--Pipeline:BudgetMs=100", "--Watchdog:StuckInferenceMultiple=5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Inference stuck: running for", run.Output + run.Error);
        string reason = Assert.Single(run.Error.Split('\n'), line => line.StartsWith("edgeclassifier: inference stuck", StringComparison.Ordinal));
        Assert.EndsWith("over the 0.500 s limit (Watchdog:StuckInferenceMultiple x Pipeline:BudgetMs)", reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}: the run was not stopped early");
    }
}

/// <summary>Stopping while the frame thread is inside a long inference: its models must not be freed under it.</summary>
[Collection(nameof(TimedRunCollection))]
public class FrameThreadStopTests
{
    [Fact]
    public void A_frame_thread_that_outlives_the_shutdown_timeout_is_left_alone_and_run_exits_1()
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.MatMulChainClassifier(dir.Path, size: 1024, multiplications: 400);
        var run = CliProcess.Run(
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string>
            {
                ["STATE_DIRECTORY"] = dir.File("state"),
                // The generic host's own setting (HostOptions.ShutdownTimeout), 30 s unless set.
                ["EDGECLASSIFIER__shutdownTimeoutSeconds"] = "2",
            },
            "run", "--duration", "2s",
            "--Camera:Source=synthetic", $"--Model:Path={model}", "--Runtime:Threads=1", "--Mqtt:Enabled=false",
            "--Pipeline:BudgetMs=1000", "--Watchdog:StuckInferenceMultiple=1000");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The frame thread did not stop", run.Output + run.Error);
        Assert.Contains("edgeclassifier: the frame thread did not stop within the shutdown timeout", run.Error);
    }
}
