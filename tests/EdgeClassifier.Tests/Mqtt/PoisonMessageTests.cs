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
        await using var run = await ProxiedRun.StartAsync();
        var (proxy, service, probe, topics) = (run.Proxy, run.Service, run.Probe, run.Service.Service.Topics);

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
        await using var run = await ProxiedRun.StartAsync();
        var (proxy, service, probe, topics) = (run.Proxy, run.Service, run.Probe, run.Service.Service.Topics);

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

    /// <summary>A real broker, the service publishing to it through a proxy the test can cut, and a probe on the broker.</summary>
    private sealed class ProxiedRun : IAsyncDisposable
    {
        private readonly TempDirectory _directory;
        private readonly MosquittoBroker _broker;

        private ProxiedRun(TempDirectory directory, MosquittoBroker broker, TcpProxy proxy, MqttServiceHarness service, MqttProbe probe)
        {
            (_directory, _broker, Proxy, Service, Probe) = (directory, broker, proxy, service, probe);
        }

        public TcpProxy Proxy { get; }

        public MqttServiceHarness Service { get; }

        public MqttProbe Probe { get; }

        public static async Task<ProxiedRun> StartAsync()
        {
            var directory = new TempDirectory();
            var broker = MosquittoBroker.Start(directory);
            var proxy = new TcpProxy(broker.Port);
            var service = await MqttServiceHarness.StartAsync(MqttServiceHarness.OptionsFor(proxy.Port, directory));
            await service.WaitIdleAsync();
            var probe = await MqttProbe.ConnectAsync(broker.Port, service.Service.Topics.Events);
            return new ProxiedRun(directory, broker, proxy, service, probe);
        }

        public async ValueTask DisposeAsync()
        {
            await Probe.DisposeAsync();
            await Service.DisposeAsync();
            Proxy.Dispose();
            _broker.Dispose();
            _directory.Dispose();
        }
    }
}
