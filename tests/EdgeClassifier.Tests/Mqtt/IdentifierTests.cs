using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Security;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>Device ids and discovery object ids follow Home Assistant's rule, or the start stops naming the character.</summary>
public sealed class IdentifierTests
{
    private static readonly Regex HomeAssistantId = new("^[a-zA-Z0-9][a-zA-Z0-9_-]*$");

    [Theory]
    [InlineData("cam.1", "'cam.1' has at position 4 '.'")]
    [InlineData("$sys", "'$sys' starts with '$'")]
    [InlineData("_all", "'_all' starts with '_'")]
    [InlineData("a b", "'a b' has at position 2 a space")]
    [InlineData("café", "'café' has at position 4 'é' (U+00E9)")]
    [InlineData("cam\0x", "'cam?x' has at position 4 '' (U+0000)")]
    public void A_configured_device_id_outside_the_rule_is_refused_naming_the_character(string id, string expected)
    {
        var options = new MqttOptions { DeviceId = id, ClientId = "c" };
        string error = Assert.Single(MqttOptionsValidator.Check(options), e => e.StartsWith("Mqtt:DeviceId", StringComparison.Ordinal));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Bad_device_id_and_insecure_TLS_with_a_CA_file_stop_the_service_with_exit_code_2()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("ca.pem"), "");
        var run = CliProcess.Run(TimeSpan.FromMinutes(2), "run", "--duration", "5s", "--Camera:Source=synthetic",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.5_160_quant.onnx")}",
            "--Mqtt:DeviceId=cam.1", "--Mqtt:Host=127.0.0.1", "--Mqtt:TlsInsecure=true", $"--Mqtt:CaFile={directory.File("ca.pem")}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Mqtt:DeviceId 'cam.1' has at position 4 '.'", run.Error);
        Assert.Contains("Mqtt:TlsInsecure and Mqtt:CaFile contradict each other", run.Error);
    }

    [Fact]
    public void Discovery_object_ids_are_valid_and_unique_even_when_labels_slug_alike()
    {
        var options = new MqttOptions { DeviceId = "cam_1", WatchedLabels = ["cat!", "cat?", "Cat", "hot dog"] };
        var payload = HomeAssistantDiscovery.Build(options, new MqttTopics(options), "m");
        var ids = payload["cmps"]!.AsObject().Select(c => c.Key).ToList();

        Assert.All(ids, id => Assert.Matches(HomeAssistantId, id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("cam_1_watch_cat_", ids);
        Assert.Contains("cam_1_watch_cat__2", ids);
        Assert.Contains("cam_1_watch_cat", ids);
        Assert.Contains("cam_1_watch_hot_dog", ids);
    }

    [Theory]
    [InlineData("cam.lan", "cam_lan")]
    [InlineData("Pi-4", "pi-4")]
    [InlineData("_x.y", "x_y")]
    [InlineData("...", "edgeclassifier")]
    public void A_host_name_becomes_a_valid_default_id(string host, string expected) =>
        Assert.Equal(expected, DeviceIds.Sanitize(host, "edgeclassifier"));

    [RootFact("runs the service in a UTS namespace whose host name has a dot (unshare --uts)")]
    public void With_a_dotted_host_name_the_service_starts_with_the_sanitised_id_and_says_so()
    {
        using var state = new TempDirectory();
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = SharedAssets.RepositoryRoot,
        };
        string program = Path.Combine(AppContext.BaseDirectory, "edgeclassifier.dll");
        foreach (string argument in new[]
                 {
                     "--uts", "sh", "-c",
                     $"hostname cam.lan && exec dotnet {program} run --duration 4s --Camera:Source=synthetic " +
                     $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.5_160_quant.onnx")} --Mqtt:Port={MosquittoBroker.FreePort()} " +
                     $"--State:Directory={state.Path}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        Assert.True(process.ExitCode == 0, output + error.Result);
        Assert.Contains("MQTT device id 'cam_lan': the host name 'cam.lan' made valid", output);
    }
}
