using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>The pipeline's counters, published on <c>stats</c> as the stats document (see <see cref="StatsJson"/>).</summary>
public interface IPipelineStatsSource
{
    /// <summary>A consistent copy of the current counters.</summary>
    PipelineStatsSnapshot GetSnapshot();
}
