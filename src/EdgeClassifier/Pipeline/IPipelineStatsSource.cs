namespace EdgeClassifier.Pipeline;

/// <summary>The pipeline's counters: the stats document the outputs publish (MQTT <c>stats</c>, the web API, metrics).</summary>
public interface IPipelineStatsSource
{
    /// <summary>A consistent copy of the current counters.</summary>
    PipelineStatsSnapshot GetSnapshot();
}
