using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Drains the <see cref="MqttOutbox"/> in order, one message at a time, whenever the connection is up: a message is
/// deleted only after the broker acknowledged it, and a failed send stops the drain so nothing overtakes it.
/// </summary>
public sealed class OutboxSender
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private readonly MqttOutbox _outbox;
    private readonly MqttConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _delivered;

    /// <summary>Creates a sender; call <see cref="RunAsync"/> to start it.</summary>
    public OutboxSender(MqttOutbox outbox, MqttConnection connection, TimeProvider time, ILogger logger)
    {
        _outbox = outbox;
        _connection = connection;
        _time = time;
        _logger = logger;
    }

    /// <summary>Messages the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Asks for a drain now (after a new message or a reconnect). Never blocks.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Drains on every wake-up, and every few seconds in case one was missed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RetryInterval);
            try
            {
                await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The periodic retry.
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_connection.IsConnected)
        {
            var batch = _outbox.PeekOldest(32);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var message in batch)
            {
                var outcome = await _connection.PublishAsync(ToMqtt(message), cancellationToken).ConfigureAwait(false);
                if (outcome == PublishOutcome.NotSent)
                {
                    return;
                }

                if (outcome == PublishOutcome.Rejected)
                {
                    _logger.LogError("MQTT outbox discards message {Id} on {Topic}: the broker refused it", message.Id, message.Topic);
                }
                else
                {
                    Interlocked.Increment(ref _delivered);
                }

                _outbox.Remove(message.Id);
            }
        }
    }

    private MqttApplicationMessage ToMqtt(OutgoingMessage message)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)message.Qos)
            .WithRetainFlag(message.Retain);
        if (!message.Retain)
        {
            // An expiry on a retained message would make the broker forget the current state after a quiet day.
            double secondsLeft = Math.Ceiling((message.ExpiresAt - _time.GetUtcNow()).TotalSeconds);
            builder.WithMessageExpiryInterval((uint)Math.Clamp(secondsLeft, 1, uint.MaxValue));
        }

        if (message.ContentType is not null)
        {
            builder.WithContentType(message.ContentType);
        }

        return builder.Build();
    }
}
