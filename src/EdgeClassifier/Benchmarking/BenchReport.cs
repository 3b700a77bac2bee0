namespace EdgeClassifier.Benchmarking;

/// <summary>The result of one <c>bench</c> run; serialises in camelCase for <c>--json</c>.</summary>
public sealed record BenchReport(
    string Model,
    string Provider,
    string Source,
    int Threads,
    bool Spinning,
    double LoadMs,
    double FirstInferenceMs,
    int WarmupFrames,
    double WarmupAvgMs,
    int Frames,
    double Seconds,
    double Fps,
    double BudgetMs,
    int Misses,
    double AllocatedBytesPerFrame,
    long? PeakResidentBytes,
    IReadOnlyDictionary<string, StageSummary> Stages)
{
    /// <summary>Decisions emitted while measuring: each changed decision allocates its message, nothing else does.</summary>
    public long DecisionChanges { get; init; }
}
