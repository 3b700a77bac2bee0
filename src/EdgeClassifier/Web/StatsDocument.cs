using EdgeClassifier.Outputs;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Web;

/// <summary>
/// <c>/api/stats</c>: the service's stats document, the same JSON MQTT <c>stats</c> and <c>--stats-out</c> carry
/// (with the <c>mqtt</c> block when MQTT runs, the <c>collect</c> block when collection is on).
/// </summary>
public sealed class StatsDocument(PipelineStats stats, MqttOutputService? mqtt, FrameCollector? collector = null)
{
    /// <summary>The document as JSON.</summary>
    public string Serialize() => StatsJson.Serialize(stats.Snapshot(), mqtt?.Counters(), collect: collector?.Counters());
}
