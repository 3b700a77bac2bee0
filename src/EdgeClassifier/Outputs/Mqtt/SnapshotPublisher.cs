using EdgeClassifier.Outputs.Snapshots;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Takes a snapshot and queues it, retained, on <c>snapshot</c> (only the newest waits in the outbox).</summary>
public sealed class SnapshotPublisher
{
    private readonly SnapshotTaker _taker;
    private readonly MqttOutbox _outbox;
    private readonly MqttTopics _topics;
    private readonly Lock _gate = new();

    /// <summary>Creates a publisher over <paramref name="taker"/>.</summary>
    public SnapshotPublisher(SnapshotTaker taker, MqttOutbox outbox, MqttTopics topics)
    {
        _taker = taker;
        _outbox = outbox;
        _topics = topics;
    }

    /// <summary>
    /// Writes the snapshot file of frame <paramref name="sequence"/> (or the latest), then queues the JPEG; returns the snapshot, or <c>null</c> when no frame has arrived.
    /// Serialised because events and the <c>snapshot</c> command both take snapshots and share the retention pass.
    /// </summary>
    public Snapshot? TakeAndQueue(string reason, long? sequence)
    {
        lock (_gate)
        {
            var snapshot = _taker.Take(reason, sequence);
            if (snapshot is not null)
            {
                _outbox.Enqueue(_topics.Snapshot, snapshot.Jpeg, (int)MqttQualityOfServiceLevel.AtLeastOnce,
                    retain: true, "image/jpeg", coalesceKey: "snapshot");
            }

            return snapshot;
        }
    }
}
