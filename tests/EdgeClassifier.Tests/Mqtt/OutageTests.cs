using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class OutageTests
{
    [Fact]
    public async Task Events_during_a_broker_outage_arrive_once_and_in_order()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        // QoS 2 end to end: with QoS 1 a broker stopped right after forwarding an event may legitimately repeat it.
        options.Qos = 2;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        var events = service.Service.Topics.Events;
        await using var probe = await MqttProbe.ConnectPersistentAsync(broker.Port, "outage-probe", events);

        const int total = 30;
        for (int i = 1; i <= total; i++)
        {
            service.Service.Decisions.Publish(MqttServiceHarness.Decision(i % 2 == 0 ? "cat" : "dog", i));
            if (i == 10)
            {
                // Stop between two publishes, once the probe has the first ten and has had time to acknowledge them:
                // a broker killed mid-handshake with the *subscriber* legitimately redelivers to it after a restart,
                // which says nothing about this service.
                await service.WaitIdleAsync();
                await probe.WaitForCountAsync(events, 10);
                await Task.Delay(300);
                broker.Stop();
            }
            else if (i == 20)
            {
                Assert.True(service.Service.OutboxPending > 0, "events during the outage should wait in the outbox");
                broker.Restart();
            }

            await Task.Delay(30);
        }

        var received = await probe.WaitForCountAsync(events, total);
        await Task.Delay(300); // a duplicate would arrive right behind
        received = probe.Messages.Where(m => m.Topic == events).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received.Select(Sequence));
        Assert.Equal(total, received.Select(m => (string)JsonNode.Parse(m.Text)!["id"]!).Distinct().Count());
        Assert.All(received, m => Assert.InRange(m.MessageExpiryInterval, 1u, 24u * 3600)); // Mqtt:OutboxMaxAgeHours
    }

    [Fact]
    public async Task Events_pending_when_the_service_stops_are_delivered_by_the_next_run_in_order()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        string events = $"{options.TopicPrefix}/{options.DeviceId}/events";
        await using var probe = await MqttProbe.ConnectPersistentAsync(broker.Port, "restart-probe", events);
        broker.Stop();

        await using (var first = await MqttServiceHarness.StartAsync(options))
        {
            for (int i = 1; i <= 10; i++)
            {
                first.Service.Decisions.Publish(MqttServiceHarness.Decision(i % 2 == 0 ? "cat" : "dog", i));
            }

            // Ten events plus one coalesced state wait on disk.
            await first.WaitUntilAsync(() => first.Service.OutboxPending == 11, "events queued in the outbox");
            Assert.False(first.Service.IsConnected);
        }

        broker.Restart();
        await using var second = await MqttServiceHarness.StartAsync(options);
        await second.WaitIdleAsync();

        var received = await probe.WaitForCountAsync(events, 10);
        await Task.Delay(300);
        received = probe.Messages.Where(m => m.Topic == events).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Select(Sequence));
        Assert.Equal("new", (string?)JsonNode.Parse(received[0].Text)!["type"]);
        Assert.Equal("update", (string?)JsonNode.Parse(received[1].Text)!["type"]);
    }

    private static long Sequence(ReceivedMessage message) => (long)JsonNode.Parse(message.Text)!["after"]!["sequence"]!;
}
