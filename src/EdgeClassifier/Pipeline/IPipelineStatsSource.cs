namespace EdgeClassifier.Pipeline;

/// <summary>
/// The pipeline's counters, published on <c>stats</c>. The snapshot is serialised with System.Text.Json (camelCase);
/// Home Assistant's diagnostic sensors read <c>fps</c>, <c>misses</c> and <c>stages.inference.p50</c> from it.
/// </summary>
public interface IPipelineStatsSource
{
    /// <summary>A consistent copy of the current counters, e.g. framesCaptured, framesProcessed, drops, misses,
    /// degradeLevel, fps, stages.{stage}.{p50,p95,p99,max}.</summary>
    object GetSnapshot();
}
