using EdgeClassifier.Decisions;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// Something that takes decisions from the frame path: MQTT, GPIO, the web, the decision log. <see cref="Publish"/>
/// must return at once (hand the decision to a bounded queue and do the work elsewhere) so an output can never stall
/// the frame path; an output that falls behind drops its oldest queued decision and counts it in
/// <see cref="Dropped"/>, which the stats document shows per output (<c>outputs.&lt;name&gt;.dropped</c>).
/// </summary>
public interface IDecisionSink
{
    /// <summary>A short name for logs and the stats document.</summary>
    string Name { get; }

    /// <summary>Decisions this output dropped because it fell behind (read from any thread).</summary>
    long Dropped { get; }

    /// <summary>Queues a decision without waiting and without allocating.</summary>
    void Publish(Decision decision);
}
