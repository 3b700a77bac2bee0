namespace EdgeClassifier.Tests.Cli;

/// <summary>A part that dies while the service runs must stop it with a non-zero exit, so systemd restarts it.</summary>
public sealed class StartFailureTests
{
    [Fact]
    public void A_hosted_service_that_fails_makes_run_exit_non_zero_with_one_line_naming_it()
    {
        // The outbox cannot be created under a file: the MQTT output's ExecuteAsync throws once the host runs.
        var run = CliProcess.Run(
            TimeSpan.FromMinutes(2),
            "run", "--duration", "30s", "--Camera:Source=synthetic", "--Camera:Fps=5",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}",
            "--Mqtt:OutboxPath=/dev/null/outbox.db");

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("edgeclassifier: ", StringComparison.Ordinal));
        Assert.StartsWith("edgeclassifier: MqttOutputService failed: ", line);
        Assert.Contains("/dev/null", line);
    }
}
