using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Drains the <see cref="MqttOutbox"/> in order, one message at a time, whenever the connection is set up: a message is
/// deleted only after the broker acknowledged it, and a failed send stops the drain so nothing overtakes it. A
/// message the broker will never take goes to the dead-letter table. A database error (disk full, I/O error) does not
/// end the sender: it is logged, shown in <see cref="StorageError"/>, and retried with back-off; the messages stay.
/// </summary>
public sealed class OutboxSender
{
    /// <summary>How often the same message may cost the connection before it counts as one the broker will never take.</summary>
    public const int PoisonAttempts = 3;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    // Fixed header, topic length, packet id and the properties this sender sets, generously.
    private const int PacketOverhead = 64;

    private readonly MqttOutbox _outbox;
    private readonly MqttConnection _connection;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _storageBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _delivered;
    private long _storageErrors;
    private (long Id, int Attempts, long Unreachable) _failing;

    /// <summary>Creates a sender; call <see cref="RunAsync"/> to start it.</summary>
    public OutboxSender(MqttOutbox outbox, MqttConnection connection, ILogger logger)
    {
        _outbox = outbox;
        _connection = connection;
        _logger = logger;
    }

    /// <summary>Messages the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>The outbox database error that stops delivery right now, or <c>null</c> while it works.</summary>
    public string? StorageError { get; private set; }

    /// <summary>Database errors met since start (each retried).</summary>
    public long StorageErrors => Interlocked.Read(ref _storageErrors);

    /// <summary>Asks for a drain now (after a new message or a reconnect). Never blocks.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Drains on every wake-up, and every few seconds in case one was missed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait = RetryInterval;
            try
            {
                await DrainAsync(cancellationToken).ConfigureAwait(false);
                if (StorageError is not null)
                {
                    _logger.LogInformation("MQTT outbox database works again after {Errors} error(s)", _storageBackoff.Failures);
                    StorageError = null;
                    _storageBackoff.Reset();
                }
            }
            catch (SqliteException ex)
            {
                Interlocked.Increment(ref _storageErrors);
                wait = _storageBackoff.NextDelay();
                if (StorageError is null)
                {
                    _logger.LogError("MQTT outbox database failed ({Reason}); the messages stay queued and delivery is retried", ex.Message);
                }

                StorageError = ex.Message;
            }

            await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delay);
        try
        {
            // A wake-up cuts a storage back-off short too: new work is the best sign to try again.
            await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The periodic retry.
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        // Only on a connection that is set up: a set-up step that fails drops the connection, and a message sent in
        // that moment would be blamed for the loss (see CountLostConnection).
        while (_connection.IsReady)
        {
            var batch = _outbox.PeekOldest(32);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var message in batch)
            {
                if (TooLarge(message) is { } tooLarge)
                {
                    DeadLetter(message, tooLarge);
                    continue;
                }

                var outcome = await _connection.PublishAsync(ToMqtt(message), cancellationToken).ConfigureAwait(false);
                if (outcome == PublishOutcome.NotSent)
                {
                    CountLostConnection(message);
                    return;
                }

                if (outcome == PublishOutcome.Rejected)
                {
                    DeadLetter(message, $"the broker refused it ({_connection.LastRefusal})");
                    continue;
                }

                _failing = default;
                Interlocked.Increment(ref _delivered);
                _outbox.Remove(message.Id);
            }
        }
    }

    /// <summary>
    /// A connection lost while a message was being sent may be the message's fault (a broker that hangs up on a
    /// packet it finds too large); after <see cref="PoisonAttempts"/> in a row for the same message it stops blocking
    /// the queue. Messages go out only on a set-up connection, so a set-up step that failed is never blamed on one;
    /// and only losses with the broker there all along count in a row: when reconnecting found no broker in between
    /// (a broker restart, a network outage), the message was merely in flight at the wrong moment and the count
    /// starts again.
    /// </summary>
    private void CountLostConnection(OutgoingMessage message)
    {
        long unreachable = _connection.UnreachableAttempts;
        bool inARow = _failing.Id == message.Id && _failing.Unreachable == unreachable;
        _failing = (message.Id, inARow ? _failing.Attempts + 1 : 1, unreachable);
        if (_failing.Attempts >= PoisonAttempts)
        {
            DeadLetter(message, $"the connection failed each of the {PoisonAttempts} times it was sent");
            _failing = default;
        }
    }

    private string? TooLarge(OutgoingMessage message)
    {
        long size = message.Payload.Length + Encoding.UTF8.GetByteCount(message.Topic) + (message.ContentType?.Length ?? 0) + PacketOverhead;
        return _connection.MaximumPacketSize is { } max and > 0 && size > max
            ? $"it is about {size} bytes, more than the broker's maximum packet size of {max}"
            : null;
    }

    private void DeadLetter(OutgoingMessage message, string reason)
    {
        _outbox.DeadLetter(message.Id, reason);
        _logger.LogError("MQTT outbox moved message {Id} on {Topic} to the dead letters: {Reason}; {Total} so far",
            message.Id, message.Topic, reason, _outbox.DeadLettered);
    }

    private static MqttApplicationMessage ToMqtt(OutgoingMessage message)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)message.Qos)
            .WithRetainFlag(message.Retain);
        if (!message.Retain)
        {
            // An expiry on a retained message would make the broker forget the current state after a quiet day.
            double secondsLeft = Math.Ceiling(message.TimeLeft.TotalSeconds);
            builder.WithMessageExpiryInterval((uint)Math.Clamp(secondsLeft, 1, uint.MaxValue));
        }

        if (message.ContentType is not null)
        {
            builder.WithContentType(message.ContentType);
        }

        return builder.Build();
    }
}
