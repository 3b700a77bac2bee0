namespace EdgeClassifier.Pipeline;

/// <summary>Percentiles of one stage's time, in milliseconds (nearest rank, see <see cref="Statistics.Percentile"/>).</summary>
public sealed record StageSnapshot(double P50, double P95, double P99, double Max, long Count);

/// <summary>What one output (a decision sink) reports in the stats document.</summary>
/// <param name="Dropped">Decisions it dropped because it fell behind (its queue was full).</param>
public sealed record OutputStats(long Dropped);

/// <summary>
/// The stats document: a point-in-time copy of the pipeline's counters. The log, <c>--stats-out</c>, MQTT
/// <c>stats</c> (which adds an <c>mqtt</c> block) and the web's <c>/api/stats</c> all serialise this one type with
/// one set of JSON options (<c>Outputs.StatsJson</c>): camelCase names (<c>framesCaptured</c>,
/// <c>stages.total.p95</c>, <c>outputs.mqtt.dropped</c>), <see cref="Health"/> as a camelCase string.
/// </summary>
/// <param name="Timestamp">When the copy was taken (UTC).</param>
/// <param name="UptimeSeconds">Seconds since the pipeline's counters started.</param>
/// <param name="Model">The model in use (the fallback's at degrade level 2).</param>
/// <param name="Provider">Its execution provider.</param>
/// <param name="Source">The camera source.</param>
/// <param name="FramesCaptured">Frames taken from the camera.</param>
/// <param name="FramesProcessed">Frames classified and decided.</param>
/// <param name="Drops">Frames captured but not classified (stale, thinned, passed over, or lost by the driver).</param>
/// <param name="DriverDrops">The part of <paramref name="Drops"/> the camera driver lost (sequence gaps).</param>
/// <param name="Misses">Classified frames whose decision came later than the budget.</param>
/// <param name="CameraFps">Frames captured per second since the start.</param>
/// <param name="ProcessedFps">Frames classified per second since the start.</param>
/// <param name="DegradeLevel">0 normal, 1 thinning frames, 2 fallback model.</param>
/// <param name="DegradeState">The degrade level in words.</param>
/// <param name="Reconnects">Times the camera was reopened.</param>
/// <param name="Stalls">Times the camera stopped delivering frames.</param>
/// <param name="Triggers">GPIO trigger events seen.</param>
/// <param name="Health">The health a person sees (status LED, log).</param>
/// <param name="Outputs">Each decision output by name (<c>log</c>, <c>mqtt</c>, <c>gpio</c>, <c>web</c>, <c>decisions-file</c>).</param>
/// <param name="Stages">Stage times by stage: captureAge, preprocess, inference, decision, total.</param>
public sealed record PipelineStatsSnapshot(
    DateTimeOffset Timestamp,
    double UptimeSeconds,
    string Model,
    string Provider,
    string Source,
    long FramesCaptured,
    long FramesProcessed,
    long Drops,
    long DriverDrops,
    long Misses,
    double CameraFps,
    double ProcessedFps,
    int DegradeLevel,
    string DegradeState,
    long Reconnects,
    long Stalls,
    long Triggers,
    HealthState Health,
    IReadOnlyDictionary<string, OutputStats> Outputs,
    IReadOnlyDictionary<string, StageSnapshot> Stages);
