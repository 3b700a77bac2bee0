namespace EdgeClassifier.Pipeline;

/// <summary>Percentiles of one stage's time, in milliseconds.</summary>
public sealed record StageSnapshot(double P50, double P95, double P99, double Max, long Count);

/// <summary>
/// A point-in-time copy of the pipeline's counters, published in the log, over MQTT and by <c>--stats-out</c>.
/// Property names serialise in camelCase (framesCaptured, stages.total.p95, ...).
/// </summary>
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
    IReadOnlyDictionary<string, StageSnapshot> Stages);
