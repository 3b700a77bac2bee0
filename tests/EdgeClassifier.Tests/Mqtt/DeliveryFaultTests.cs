using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>The running MQTT output against a real mosquitto when the disk or the broker misbehaves.</summary>
[Collection(MqttCollection.Name)]
public sealed class DeliveryFaultTests
{
    [Fact]
    public async Task The_sender_survives_a_database_error_shows_it_and_delivers_the_kept_events_afterwards()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Snapshot.Enabled = false;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        var events = service.Service.Topics.Events;
        await using var probe = await MqttProbe.ConnectPersistentAsync(broker.Port, "db-fault-probe", events);

        broker.Stop();
        for (int i = 1; i <= 3; i++)
        {
            service.Service.Decisions.Publish(MqttServiceHarness.Decision(i % 2 == 0 ? "dog" : "cat", i));
        }

        await service.WaitUntilAsync(() => service.Service.OutboxPending == 4, "three events and the state queued");
        Execute(options.OutboxPath, "ALTER TABLE pending RENAME TO pending_away"); // every read of the queue now fails
        broker.Restart();
        await service.WaitUntilAsync(() => service.Service.Counters().OutboxError is not null, "the error shown in stats", 10);
        Assert.False(service.Service.IsDelivering);
        Assert.Contains("no such table", service.Service.Counters().OutboxError!);

        Execute(options.OutboxPath, "ALTER TABLE pending_away RENAME TO pending");
        var received = await probe.WaitForCountAsync(events, 3, seconds: 15);

        Assert.Equal([1L, 2L, 3L], received.Select(m => (long)JsonNode.Parse(m.Text)!["after"]!["sequence"]!));
        await service.WaitUntilAsync(() => service.Service.IsDelivering, "delivery healthy again");
        Assert.True(service.Service.Counters().OutboxErrors >= 1);
    }

    [Fact]
    public async Task An_event_goes_out_saying_so_when_its_snapshot_cannot_be_written()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(broker.Port, directory));
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Events);

        // The snapshot folder turns into a file: every write into it fails, as on a full or read-only disk (even as root).
        string snapshots = service.Options.Snapshot.Directory;
        Directory.Delete(snapshots, recursive: true);
        File.WriteAllText(snapshots, "not a folder");
        service.Frames.Offer(new byte[32 * 24 * 3], 32, 24, sequence: 5);
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 5));

        var message = JsonNode.Parse((await probe.WaitForAsync(topics.Events)).Text)!;
        Assert.Equal("new", (string)message["type"]!);
        Assert.Null((string?)message["snapshot"]);
        Assert.StartsWith("the snapshot could not be written", (string)message["snapshotError"]!);
    }

    [Fact]
    public async Task A_message_larger_than_the_broker_takes_goes_to_the_dead_letters_and_the_queue_moves_on()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory, "max_packet_size 4096");
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Snapshot.Width = 320;
        await using var service = await MqttServiceHarness.StartAsync(options);
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Events, topics.Snapshot);

        // Noise compresses badly: its 320x240 JPEG is far beyond 4 KiB, and it is queued before the event naming it.
        var noise = new byte[320 * 240 * 3];
        new Random(7).NextBytes(noise);
        service.Frames.Offer(noise, 320, 240, sequence: 9);
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 9));
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 10));

        await probe.WaitForAsync(topics.Events, m => m.Text.Contains("\"sequence\":10"), seconds: 10);
        Assert.Equal(1, service.Service.Counters().OutboxDeadLettered);
        Assert.DoesNotContain(probe.Messages, m => m.Topic == topics.Snapshot);
        Assert.Contains(service.Logs.Lines, line => line.Contains("to the dead letters"));
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
