using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Cli;

/// <summary>
/// What the service needs from the file system is checked at start like any other setting: exit code 2 and one line
/// naming the option and the cause, before a model loads or a camera opens — not a part failing once it runs (exit 1)
/// or a stack trace.
/// </summary>
public sealed class StartConfigErrorTests
{
    private static readonly string Model = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx");

    [Fact]
    public void An_unwritable_state_directory_is_a_config_error_naming_State_Directory()
    {
        using var directory = new TempDirectory();
        // Under a regular file: no user, root included, can create it.
        string blocker = directory.File("blocker");
        File.WriteAllText(blocker, "");

        var run = Run($"--State:Directory={blocker}/state");

        Assert.Equal(2, run.ExitCode);
        string line = OneLine(run);
        Assert.StartsWith($"edgeclassifier: config: State:Directory: '{blocker}/state' is not writable: ", line);
    }

    [Fact]
    public void An_unwritable_snapshot_directory_is_a_config_error_naming_Mqtt_Snapshot_Directory()
    {
        using var directory = new TempDirectory();
        string blocker = directory.File("blocker");
        File.WriteAllText(blocker, "");

        var run = Run($"--State:Directory={directory.File("state")}", $"--Mqtt:Snapshot:Directory={blocker}/snapshots");

        Assert.Equal(2, run.ExitCode);
        string line = OneLine(run);
        Assert.StartsWith($"edgeclassifier: config: Mqtt:Snapshot:Directory: '{blocker}/snapshots' is not writable: ", line);
        // Snapshots off: the directory is never used, so it is not checked.
        Assert.Equal(0, Run($"--State:Directory={directory.File("state")}", $"--Mqtt:Snapshot:Directory={blocker}/snapshots",
            "--Mqtt:Snapshot:Enabled=false", $"--Mqtt:Port={FreePort()}").ExitCode);
    }

    [Fact]
    public void A_web_certificate_that_is_not_one_or_lacks_its_key_is_a_config_error_naming_Web_CertificateFile()
    {
        using var directory = new TempDirectory();
        string garbage = directory.File("garbage.pem");
        File.WriteAllText(garbage, "not a certificate\n");
        var certificates = TestCertificates.Generate(directory.Path, "web");
        var other = TestCertificates.Generate(directory.Path, "other");
        int port = FreePort();
        string https = $"--Web:Urls=https://127.0.0.1:{port}";

        foreach (var (certificate, key, expected) in new[]
                 {
                     (garbage, garbage, "is not a usable PEM certificate and private key: "),
                     (certificates.ServerCertFile, other.ServerKeyFile, "is not a usable PEM certificate and private key: "),
                 })
        {
            var run = Run(https, $"--Web:CertificateFile={certificate}", $"--Web:KeyFile={key}");
            Assert.Equal(2, run.ExitCode);
            string line = OneLine(run);
            Assert.StartsWith($"edgeclassifier: config: Web:CertificateFile: '{certificate}' with Web:KeyFile '{key}' ", line);
            Assert.Contains(expected, line);
        }

        // A certificate without its key on a plain address was loaded only when the server started.
        var half = Run($"--Web:Urls=http://127.0.0.1:{port}", $"--Web:CertificateFile={certificates.ServerCertFile}");
        Assert.Equal(2, half.ExitCode);
        Assert.Equal("edgeclassifier: config: Web:CertificateFile and Web:KeyFile must be set together.", OneLine(half));
    }

    /// <summary>Runs the service briefly; the web server only where a setting names its address.</summary>
    private static CliProcess.Result Run(params string[] settings) =>
        CliProcess.Run(TimeSpan.FromMinutes(2),
        [
            "run", "--duration", "3s", "--Camera:Source=synthetic", "--Camera:Fps=5", $"--Model:Path={Model}",
            $"--Web:Enabled={settings.Any(s => s.StartsWith("--Web:Urls=", StringComparison.Ordinal))}", .. settings,
        ]);

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The single line on stderr, with no stack trace beside it.</summary>
    private static string OneLine(CliProcess.Result run)
    {
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Unhandled exception", run.Error);
        return Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
