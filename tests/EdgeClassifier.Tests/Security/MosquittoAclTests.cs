using System.Diagnostics;
using EdgeClassifier.Security;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Security;

/// <summary>The ACL file the README documents for an external broker, enforced by a real mosquitto.</summary>
[Collection(MqttCollection.Name)]
public sealed class MosquittoAclTests
{
    [Fact]
    public async Task The_documented_acl_lets_devices_write_their_own_topics_operators_command_and_dashboards_only_read()
    {
        using var directory = new TempDirectory();
        string users = directory.File("passwd");
        foreach (string user in new[] { "cam1", "cam2", "dashboard", "ha-operator" })
        {
            PasswordFile.SetPassword(users, user, user + "-pw", iterations: 101);
        }

        string acl = Path.Combine(SharedAssets.RepositoryRoot, "deploy", "mosquitto", "edgeclassifier.acl");
        using var broker = MosquittoBroker.StartWithAcl(directory, users, acl);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Username = "cam1";
        options.PasswordFile = directory.File("cam1-password");
        File.WriteAllText(options.PasswordFile, "cam1-pw\n");
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 1));
        await service.WaitIdleAsync();
        Assert.DoesNotContain(service.Logs.Lines, l => l.Contains("refused a message"));

        // A dashboard reads the device's state and discovery...
        Assert.Contains("\"label\":\"dog\"", Read(broker.Port, "dashboard", "edgeclassifier/cam1/state"));
        Assert.Contains("edgeclassifier_cam1", Read(broker.Port, "dashboard", "homeassistant/device/cam1/config"));

        // ...but neither it nor another device can command cam1 or overwrite its state.
        MosquittoBroker.Publish(broker.Port, "dashboard", "dashboard-pw", "edgeclassifier/cam1/command/pause", "{}");
        MosquittoBroker.Publish(broker.Port, "cam2", "cam2-pw", "edgeclassifier/cam1/command/pause", "{}");
        MosquittoBroker.Publish(broker.Port, "cam2", "cam2-pw", "edgeclassifier/cam1/state", "{\"label\":\"fake\"}");
        MosquittoBroker.Publish(broker.Port, "ha-operator", "ha-operator-pw", "edgeclassifier/cam1/state", "{\"label\":\"fake\"}");
        await Task.Delay(500);
        Assert.False(service.Control.Paused);
        Assert.Contains("\"label\":\"dog\"", Read(broker.Port, "dashboard", "edgeclassifier/cam1/state"));

        // The operator can.
        Assert.Equal(0, MosquittoBroker.Publish(broker.Port, "ha-operator", "ha-operator-pw", "edgeclassifier/cam1/command/pause", "{}"));
        await service.WaitUntilAsync(() => service.Control.Paused, "the operator's pause");
        Assert.Contains("'edgeclassifier/cam1/command/pause'", string.Join("\n",
            broker.Log().Split('\n').Where(l => l.Contains("Denied PUBLISH", StringComparison.Ordinal))));
    }

    private static string Read(int port, string user, string topic)
    {
        var start = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(), "-u", user, "-P", user + "-pw", "-t", topic, "-C", "1", "-W", "5" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(10_000);
        return output;
    }
}
