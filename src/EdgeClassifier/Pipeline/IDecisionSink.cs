using EdgeClassifier.Decisions;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Something that takes decisions from the frame path: MQTT, GPIO, the decision log. <see cref="TryPublish"/> must
/// return at once (hand the decision to a bounded queue and do the work elsewhere) so an output can never stall
/// the frame path.
/// </summary>
public interface IDecisionSink
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Queues a decision; false when the queue was full and the oldest was dropped or this one refused.</summary>
    bool TryPublish(Decision decision);
}
