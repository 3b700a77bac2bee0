using EdgeClassifier.Decisions;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Takes a sample of every classified frame's own result, changed or not (MQTT's <c>classification</c> topic). Runs
/// on the frame thread: the frame loop asks <see cref="Wants"/> (allocation-free) and builds the classification only
/// when it says yes, so the stream's rate limit also bounds what the frame thread allocates for it.
/// </summary>
public interface IClassificationStream
{
    /// <summary>Whether to publish the current frame's classification (the rate limit lives here).</summary>
    bool Wants(long nowTicks);

    /// <summary>Queues the classification without waiting.</summary>
    void Publish(Decision classification);
}
