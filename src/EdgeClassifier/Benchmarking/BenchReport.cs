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

    /// <summary>With <c>--barcodes</c>: the frame path again with the barcode reader running beside it; null without.</summary>
    public BarcodeBenchReport? Barcodes { get; init; }
}

/// <summary>
/// The barcode reader's cost, measured in the same run as the plain frame path: its own decode times per frame, and
/// the frame path's inference and total times with it running (compare with the report's stages, measured without).
/// </summary>
/// <param name="Formats">The formats decoded.</param>
/// <param name="Decoded">Frames the reader decoded while measuring.</param>
/// <param name="Replaced">Frames a newer one replaced before the reader got to them.</param>
/// <param name="Decode">Decode time per frame, on the reader's thread.</param>
/// <param name="Frames">Frames measured with the reader running.</param>
/// <param name="Fps">Frame path rate with the reader running.</param>
/// <param name="Inference">The frame path's inference time with the reader running.</param>
/// <param name="Total">The frame path's total (capture to decision) with the reader running.</param>
/// <param name="AllocatedBytesPerFrame">Managed bytes the frame thread allocated per frame with the reader running.</param>
public sealed record BarcodeBenchReport(
    IReadOnlyList<string> Formats,
    long Decoded,
    long Replaced,
    StageSummary Decode,
    int Frames,
    double Fps,
    StageSummary Inference,
    StageSummary Total,
    double AllocatedBytesPerFrame);
