using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>
/// The real <c>edgeclassifier run</c> under a simulated systemd: a bound notify socket, NOTIFY_SOCKET and
/// WATCHDOG_USEC set. The camera is an rpicam stand-in that delivers frames for a few seconds and then goes quiet.
/// </summary>
[Collection(nameof(Cli.TimedRunCollection))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ServiceNotifyTests
{
    [Fact]
    public async Task Ready_watchdog_status_and_stopping_are_sent_and_pings_go_on_while_the_loop_waits_for_the_camera()
    {
        using var dir = new TempDirectory();
        const int frameBytes = 128 * 96 * 3 / 2;
        string camera = dir.File("rpicam-vid");
        File.WriteAllText(camera, $"#!/bin/sh\nfor i in $(seq 80); do head -c {frameBytes} /dev/zero; sleep 0.05; done\nsleep 60\n");
        File.SetUnixFileMode(camera, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var systemd = NotifySocketListener.InTempDirectory();
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.Address, ["WATCHDOG_USEC"] = "1000000" };
        var run = await Task.Run(() => CliProcess.Run(
            TimeSpan.FromMinutes(1),
            environment,
            "run", "--duration", "14s",
            "--Camera:Source=rpicam", $"--Camera:Path={camera}", "--Camera:Width=128", "--Camera:Height=96", "--Camera:Fps=20",
            "--Camera:StallTimeoutSeconds=60", "--Watchdog:StatusInterval=00:00:01",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}"));

        Assert.Equal(0, run.ExitCode);
        var messages = systemd.Received();
        var ready = Assert.Single(messages, m => m.Text == "READY=1");
        var stopping = Assert.Single(messages, m => m.Text == "STOPPING=1");
        var pings = messages.Where(m => m.Text == "WATCHDOG=1").Select(m => m.At).ToList();
        Assert.Contains(messages, m => m.Text.StartsWith("STATUS=", StringComparison.Ordinal) && m.Text.Contains("fps"));

        // While frames flow (80 frames at 20 fps, ~4 s): a ping every half of WATCHDOG_USEC.
        Assert.True(pings.Count >= 4, $"only {pings.Count} pings");
        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        double typical = gaps.Order().ElementAt(gaps.Count / 2);
        Assert.InRange(typical, 0.35, 0.8);
        Assert.True(pings[0] >= ready.At - TimeSpan.FromSeconds(1));

        // Then the camera goes quiet: the loop keeps waiting for it in bounded steps, which is not a hang, so the
        // pings go on until the service stops (systemd must not kill a service that waits for its camera).
        TimeSpan lastPing = pings[^1];
        Assert.True(stopping.At - lastPing < TimeSpan.FromSeconds(1.5), $"last ping {lastPing}, stopping {stopping.At}");
        Assert.True(pings.Count >= 20, $"only {pings.Count} pings in 14 s");
    }
}
