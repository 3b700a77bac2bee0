using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>Commands cannot be replayed by a retained message, flooded, or aimed at someone else's topics.</summary>
[Collection(MqttCollection.Name)]
public sealed class CommandSafetyTests
{
    private const string Pause = "edgeclassifier/cam1/command/pause";

    [Fact]
    public async Task A_retained_pause_never_pauses_across_a_reconnect_and_a_restart_and_is_cleared()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        await using (var sender = await MqttProbe.ConnectAsync(broker.Port))
        {
            await sender.PublishAsync(Pause, "{}", retain: true);
        }

        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        await using (var service = await MqttServiceHarness.StartAsync(options))
        {
            await service.WaitIdleAsync();
            await service.WaitUntilAsync(() => service.Logs.Lines.Any(l => l.Contains("is retained on the broker and is not executed")),
                "the retained command to be reported");
            await using (var sender = await MqttProbe.ConnectAsync(broker.Port))
            {
                // Retained again while the device listens: still not run.
                await sender.PublishAsync(Pause, "{}", retain: true);
                await Task.Delay(500);
            }

            broker.Stop();
            broker.Restart();
            await Task.Delay(500);
            await service.WaitIdleAsync(10);
            await Task.Delay(500);
            Assert.False(service.Control.Paused);
            Assert.Single(service.Logs.Lines, l => l.Contains("is retained on the broker"));
            Assert.Equal(2, service.Service.Counters().RetainedCommandsIgnored);
        }

        // The device deleted the retained message, so a new subscriber finds none...
        await using (var watcher = await MqttProbe.ConnectAsync(broker.Port, Pause))
        {
            await Task.Delay(500);
            Assert.Empty(watcher.Messages);
        }

        // ...and a restarted device does not pause either; a live command still works.
        await using var restarted = await MqttServiceHarness.StartAsync(options);
        await restarted.WaitIdleAsync();
        await Task.Delay(500);
        Assert.False(restarted.Control.Paused);
        await using var operatorClient = await MqttProbe.ConnectAsync(broker.Port);
        await operatorClient.PublishAsync(Pause, "{}");
        await restarted.WaitUntilAsync(() => restarted.Control.Paused, "the live pause");
    }

    [Fact]
    public async Task Fifty_snapshot_commands_in_a_second_are_rate_limited_and_the_event_snapshots_survive()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Snapshot.MaxFiles = 32;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        service.Frames.Offer(new byte[128 * 96 * 3], 128, 96, sequence: 1);
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 1));
        await service.WaitUntilAsync(() => Directory.Exists(options.Snapshot.Directory)
            && Directory.GetFiles(options.Snapshot.Directory, "*.jpg").Length == 1, "the event snapshot");
        string eventSnapshot = Directory.GetFiles(options.Snapshot.Directory, "*.jpg")[0];

        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/command/snapshot/result");
        // All 50 at once (well within a second on an idle machine; the split below holds for anything under a minute).
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => probe.PublishAsync("edgeclassifier/cam1/command/snapshot", "")));
        var replies = await probe.WaitForCountAsync("edgeclassifier/cam1/command/snapshot/result", 50, 30);
        var parsed = replies.Select(r => JsonNode.Parse(r.Text)!).ToList();
        Assert.Equal(50, parsed.Count);
        Assert.Equal(30, parsed.Count(r => (bool)r["ok"]!));
        var refused = parsed.Where(r => !(bool)r["ok"]!).ToList();
        Assert.Equal(20, refused.Count);
        Assert.All(refused, r => Assert.StartsWith("rate limited", (string)r["error"]!));
        Assert.True(File.Exists(eventSnapshot), "the event snapshot must survive the flood");
        Assert.Equal(20, service.Service.Counters().CommandsRateLimited);
    }

    [Fact]
    public async Task A_response_topic_outside_the_devices_own_result_space_is_refused_with_an_error_reply()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(broker.Port, directory));
        await service.WaitIdleAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/command/+/result", "homeassistant/x",
            "edgeclassifier/cam2/state");

        foreach (string target in new[] { "homeassistant/x", "edgeclassifier/cam2/state" })
        {
            probe.Clear();
            await probe.PublishAsync(Pause, "", responseTopic: target, correlation: [1, 2]);
            var reply = JsonNode.Parse((await probe.WaitForAsync(Pause + "/result")).Text)!;
            Assert.False((bool)reply["ok"]!);
            Assert.Contains($"response topic '{target}' refused", (string)reply["error"]!);
            await Task.Delay(200);
            Assert.DoesNotContain(probe.Messages, m => m.Topic == target);
            Assert.False(service.Control.Paused);
        }

        // The device's own result space is fine.
        await probe.PublishAsync(Pause, "", responseTopic: "edgeclassifier/cam1/command/mine/result", correlation: [3]);
        var own = await probe.WaitForAsync("edgeclassifier/cam1/command/mine/result");
        Assert.Equal([3], own.CorrelationData);
        Assert.True(service.Control.Paused);
    }
}
