using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovery_payload_describes_the_device_for_Home_Assistant()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.WatchedLabels = ["cat", "Red fox"];
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "homeassistant/device/cam1/config");

        var message = await probe.WaitForAsync("homeassistant/device/cam1/config");

        Assert.True(message.Retain);
        var json = JsonNode.Parse(message.Text)!.AsObject();
        var device = json["dev"]!.AsObject();
        Assert.Equal("edgeclassifier_cam1", (string?)device["ids"]![0]);
        foreach (var key in new[] { "name", "mf", "mdl", "sw" })
        {
            Assert.False(string.IsNullOrEmpty((string?)device[key]), $"dev.{key} missing");
        }

        Assert.Equal("EdgeClassifier", (string?)json["o"]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)json["o"]!["sw"]));

        var components = json["cmps"]!.AsObject();
        var byPlatform = components.GroupBy(c => (string)c.Value!["p"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, byPlatform["sensor"]); // label, score, fps, inference ms, misses
        Assert.Equal(2, byPlatform["binary_sensor"]); // one per watched label
        Assert.Equal(1, byPlatform["image"]);

        var uniqueIds = components.Select(c => (string)c.Value!["unique_id"]!).ToList();
        Assert.Equal(uniqueIds.Count, uniqueIds.Distinct().Count());
        Assert.All(uniqueIds, id => Assert.StartsWith("cam1_", id));
        foreach (var (key, component) in components)
        {
            Assert.Equal(topics.Availability, (string?)component!["avty_t"]);
            Assert.Equal("online", (string?)component["pl_avail"]);
            Assert.Contains("online", (string)component["avty_tpl"]!);
        }

        var diagnostics = components.Where(c => (string?)c.Value!["ent_cat"] == "diagnostic").ToList();
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, c => Assert.Equal(topics.Stats, (string?)c.Value!["stat_t"]));
        Assert.Contains(diagnostics, c => ((string)c.Value!["val_tpl"]!).Contains("value_json.processedFps"));
        Assert.Contains(diagnostics, c => ((string)c.Value!["val_tpl"]!).Contains("value_json.misses"));
        Assert.Contains(diagnostics, c => ((string)c.Value!["val_tpl"]!).Contains("stages.inference"));

        var fox = components["cam1_watch_red_fox"]!;
        Assert.Equal(topics.State, (string?)fox["stat_t"]);
        Assert.Contains("\"Red fox\"", (string)fox["val_tpl"]!);
        Assert.Equal(topics.Snapshot, (string?)components["cam1_snapshot"]!["image_topic"]);
        Assert.Equal("image/jpeg", (string?)components["cam1_snapshot"]!["content_type"]);
    }

    [Fact]
    public async Task Discovery_is_resent_after_broker_restart_and_when_Home_Assistant_comes_online()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(broker.Port, directory));
        await service.WaitIdleAsync();
        const string config = "homeassistant/device/cam1/config";

        // A subscriber that is already there sees only live messages (retained flag off), so each one is a re-send.
        await using (var probe = await MqttProbe.ConnectAsync(broker.Port, config))
        {
            // The first discovery may still be on its way when the service counts as idle (it goes out right after the
            // subscriptions): take it, retained or live, then only what comes after the birth message.
            await probe.WaitForAsync(config);
            probe.Clear();
            await probe.PublishAsync("homeassistant/status", "online");
            await probe.WaitForAsync(config, m => !m.Retain);
        }

        broker.Stop();
        File.Delete(Path.Combine(broker.Directory, "mosquitto.db")); // a broker that forgot everything
        broker.Restart();
        await using var after = await MqttProbe.ConnectAsync(broker.Port, config);
        var resent = await after.WaitForAsync(config);
        Assert.Contains("\"cmps\"", resent.Text);
    }
}
