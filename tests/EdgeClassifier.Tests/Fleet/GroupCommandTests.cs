using System.Text;
using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>Group and fleet-wide commands, the info topic and the Home Assistant update entity, on a real mosquitto.</summary>
[Collection(MqttCollection.Name)]
public sealed class GroupCommandTests
{
    [Fact]
    public async Task A_group_command_reaches_exactly_its_group_and_every_member_replies_with_the_correlation_data()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var members = new Dictionary<string, string[]> { ["a"] = ["canary"], ["b"] = ["canary", "north"], ["c"] = ["north"] };
        var devices = new List<MqttServiceHarness>();
        try
        {
            foreach (var (id, groups) in members)
            {
                var options = MqttServiceHarness.OptionsFor(broker.Port, directory, id);
                options.OutboxPath = directory.File($"{id}.db");
                options.Groups = [.. groups];
                devices.Add(await MqttServiceHarness.StartAsync(options));
            }

            foreach (var device in devices)
            {
                await device.WaitIdleAsync();
            }

            await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/+/command/+/result");
            byte[] correlation = Encoding.UTF8.GetBytes("canary-pause");
            await probe.PublishAsync("edgeclassifier/_group/canary/command/pause", "", correlation: correlation);
            await probe.WaitForAsync("edgeclassifier/b/command/pause/result", m => m.CorrelationData?.SequenceEqual(correlation) == true);
            await probe.WaitForAsync("edgeclassifier/a/command/pause/result", m => m.CorrelationData?.SequenceEqual(correlation) == true);
            await Task.Delay(1000);
            Assert.DoesNotContain(probe.Messages, m => m.Topic.StartsWith("edgeclassifier/c/", StringComparison.Ordinal));
            Assert.Equal([true, true, false], devices.Select(d => d.Control.Paused));

            probe.Clear();
            byte[] all = Encoding.UTF8.GetBytes("all-resume");
            await probe.PublishAsync("edgeclassifier/_all/command/resume", "{}", correlation: all);
            foreach (string id in members.Keys)
            {
                var reply = await probe.WaitForAsync($"edgeclassifier/{id}/command/resume/result", m => m.CorrelationData?.SequenceEqual(all) == true);
                Assert.True((bool)JsonNode.Parse(reply.Text)!["ok"]!);
            }

            Assert.All(devices, d => Assert.False(d.Control.Paused));

            // The same rule as for one device: a retained group command is never run.
            await probe.PublishAsync("edgeclassifier/_group/north/command/pause", "", retain: true);
            await Task.Delay(1500);
            Assert.All(devices, d => Assert.False(d.Control.Paused));
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Info_is_retained_and_the_update_entity_reads_it_with_Jinja2_and_installs_the_offer()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var rollout = new RecordingRollout { ModelVersion = "v1", OfferedVersion = "v2", StageVersion = "v2", Stage = "validating" };
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Groups = ["canary"];
        await using var service = await MqttServiceHarness.StartAsync(options, rollout: rollout);
        await service.WaitIdleAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/info", "homeassistant/device/cam1/config");

        var info = await probe.WaitForAsync("edgeclassifier/cam1/info");
        Assert.True(info.Retain);
        Assert.True(info.Payload.Length < 512, $"info is {info.Payload.Length} bytes");
        var json = JsonNode.Parse(info.Text)!.AsObject();
        Assert.Equal("test-model.onnx", (string?)json["model"]);
        Assert.Equal("v1", (string?)json["modelVersion"]);
        Assert.Equal("v2", (string?)json["offeredVersion"]);
        Assert.Equal("canary", (string?)json["groups"]![0]);
        Assert.Equal("cpu", (string?)json["provider"]);
        Assert.False(string.IsNullOrEmpty((string?)json["version"]));

        var discovery = JsonNode.Parse((await probe.WaitForAsync("homeassistant/device/cam1/config")).Text)!;
        var update = discovery["cmps"]!["cam1_model"]!;
        Assert.Equal("update", (string?)update["p"]);
        Assert.Equal("edgeclassifier/cam1/info", (string?)update["stat_t"]);
        var state = JsonNode.Parse(Jinja2.Render((string)update["val_tpl"]!, info.Text))!;
        Assert.Equal("v1", (string?)state["installed_version"]);
        Assert.Equal("v2", (string?)state["latest_version"]);
        Assert.True((bool)state["in_progress"]!);

        // After the rollout: a changed info is published at once, and reads as up to date.
        (rollout.ModelVersion, rollout.Stage) = ("v2", "active");
        probe.Clear();
        rollout.RaiseChanged();
        var active = await probe.WaitForAsync("edgeclassifier/cam1/info");
        var upToDate = JsonNode.Parse(Jinja2.Render((string)update["val_tpl"]!, active.Text))!;
        Assert.Equal("v2", (string?)upToDate["installed_version"]);
        Assert.Equal("v2", (string?)upToDate["latest_version"]);
        Assert.False((bool)upToDate["in_progress"]!);

        // Home Assistant's install button: payload_install on command_topic runs the device's install command.
        await probe.PublishAsync((string)update["cmd_t"]!, (string)update["pl_inst"]!);
        await service.WaitUntilAsync(() => rollout.Calls.Contains("install"), "the install command");

        // Before any rollout (or after a rollback to it) the configured model's file stands in for the version.
        (rollout.ModelVersion, rollout.OfferedVersion, rollout.StageVersion, rollout.Stage) = (null, null, null, null);
        probe.Clear();
        rollout.RaiseChanged();
        var configured = JsonNode.Parse(Jinja2.Render((string)update["val_tpl"]!, (await probe.WaitForAsync("edgeclassifier/cam1/info")).Text))!;
        Assert.Equal("test-model.onnx", (string?)configured["installed_version"]);
        Assert.Equal("test-model.onnx", (string?)configured["latest_version"]);
        Assert.False((bool)configured["in_progress"]!);
    }
}
