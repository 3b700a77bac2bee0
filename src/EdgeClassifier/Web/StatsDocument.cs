using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Web;

/// <summary><c>/api/stats</c>: the service's stats document, the same JSON the log, MQTT and <c>--stats-out</c> carry.</summary>
public sealed class StatsDocument(PipelineStats stats)
{
    /// <summary>The document as JSON.</summary>
    public string Serialize() => StatsJson.Serialize(stats.Snapshot());
}
