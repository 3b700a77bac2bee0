using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// The outbox's poison rule (<c>OutboxSender.PoisonAttempts</c>): a message the broker hangs up on every time stops
/// blocking the queue, but a message that was merely in flight whenever the broker went away is delivered.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class PoisonMessageTests
{

    [Fact]
    public async Task A_message_in_flight_each_time_the_broker_goes_away_is_delivered_not_dead_lettered()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        using var proxy = new TcpProxy(broker.Port);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(proxy.Port, directory));
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Events);

        // Three times: the connection dies just as event 9 goes out, and the broker stays away for a while (every
        // reconnect in that time is turned away) — more than the poison rule's three losses in a row.
        int cuts = 0, refusedAtCut = 0;
        proxy.CutWhenClientSends = chunk =>
        {
            if (cuts >= OutboxSender.PoisonAttempts || !IsEventNine(chunk))
            {
                return false;
            }

            refusedAtCut = proxy.RefusedConnections;
            proxy.Refusing = true;
            Interlocked.Increment(ref cuts);
            return true;
        };
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 9));
        for (int cut = 1; cut <= OutboxSender.PoisonAttempts; cut++)
        {
            await service.WaitUntilAsync(() => Volatile.Read(ref cuts) >= cut, $"cut {cut} of event 9", seconds: 30);
            await service.WaitUntilAsync(() => proxy.RefusedConnections > refusedAtCut, "a reconnect turned away", seconds: 10);
            proxy.Refusing = false;
        }

        await probe.WaitForAsync(topics.Events, m => AfterSequence(m) == 9, seconds: 30);
        Assert.Equal(0, service.Service.Counters().OutboxDeadLettered);
    }

    [Fact]
    public async Task A_message_the_broker_hangs_up_on_every_time_goes_to_the_dead_letters_and_the_queue_moves_on()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        using var proxy = new TcpProxy(broker.Port);
        await using var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(proxy.Port, directory));
        await service.WaitIdleAsync();
        var topics = service.Service.Topics;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, topics.Events);

        int cuts = 0;
        proxy.CutWhenClientSends = chunk =>
        {
            bool poison = IsEventNine(chunk);
            if (poison)
            {
                Interlocked.Increment(ref cuts);
            }

            return poison;
        };
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 9));
        service.Service.Decisions.Publish(MqttServiceHarness.Decision("dog", 10));

        await probe.WaitForAsync(topics.Events, m => AfterSequence(m) == 10, seconds: 30);
        Assert.Equal(OutboxSender.PoisonAttempts, Volatile.Read(ref cuts));
        Assert.Equal(1, service.Service.Counters().OutboxDeadLettered);
        Assert.Contains(service.Logs.Lines, line => line.Contains("to the dead letters"));
        Assert.DoesNotContain(probe.Messages, m => AfterSequence(m) == 9);
    }

    private static long AfterSequence(ReceivedMessage message) => (long)JsonNode.Parse(message.Text)!["after"]!["sequence"]!;

    /// <summary>
    /// True for the chunk carrying the payload of the event whose <c>after</c> is decision 9 (MQTTnet may write a
    /// packet's header and payload separately, so the topic is not looked for). An event names its <c>before</c>
    /// first, so the last sequence in it is its own: event 10 mentions 9 too, as its <c>before</c>.
    /// </summary>
    private static bool IsEventNine(ReadOnlyMemory<byte> chunk)
    {
        ReadOnlySpan<byte> bytes = chunk.Span;
        int last = bytes.LastIndexOf("\"sequence\":"u8);
        return last >= 0 && bytes.IndexOf("\"after\":"u8) >= 0 &&
               bytes[(last + "\"sequence\":".Length)..] is [(byte)'9', not (>= (byte)'0' and <= (byte)'9'), ..];
    }
}
