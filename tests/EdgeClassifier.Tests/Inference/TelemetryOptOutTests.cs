using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Inference;

/// <summary>
/// ONNX Runtime's Linux builds keep a device id and a telemetry queue under the user's cache directory when their
/// telemetry is on (and try to send it to Microsoft); the service turns it off unless the operator chose otherwise.
/// </summary>
public class TelemetryOptOutTests
{
    [Fact]
    public void Classify_leaves_no_onnx_runtime_device_id_or_telemetry_queue_in_the_home_directory()
    {
        using var home = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home.Path,
            ["XDG_CACHE_HOME"] = home.File(".cache"),
            // Empty, as if unset: the test command exports the opt-out for its own processes.
            ["ORT_DISABLE_TELEMETRY"] = string.Empty,
        };

        var run = CliProcess.Run(TimeSpan.FromMinutes(2), environment,
            "classify", "--model", SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx"), SharedAssets.Image("cat.bmp"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
    }
}
