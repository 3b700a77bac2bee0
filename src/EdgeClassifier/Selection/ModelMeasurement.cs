namespace EdgeClassifier.Selection;

/// <summary>
/// What one model costs and achieves on this board: the figures a comparison ranks by. Latency comes from the frame
/// path (the <c>bench</c> loop); accuracy from a dataset (the <c>eval</c> code) or, without one, from the model's
/// own <c>accuracy</c> metadata.
/// </summary>
/// <param name="Model">The model file name (as <c>bench</c> and <c>eval</c> name it).</param>
/// <param name="Path">The model file.</param>
/// <param name="SizeBytes">The model file's size.</param>
public sealed record ModelMeasurement(string Model, string Path, long SizeBytes)
{
    /// <summary>Session creation time.</summary>
    public double? LoadMs { get; init; }

    /// <summary>The first frame's inference, which pays for lazy initialisation.</summary>
    public double? FirstInferenceMs { get; init; }

    /// <summary>Median whole-frame time (capture to decision).</summary>
    public double? P50Ms { get; init; }

    /// <summary>99th percentile whole-frame time: what the budget is checked against.</summary>
    public double? P99Ms { get; init; }

    /// <summary>Frames per second while measuring.</summary>
    public double? Fps { get; init; }

    /// <summary>Peak resident memory of a process that ran only this model; null when not measured alone.</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>Top-1 accuracy as a fraction, from the dataset or the model's metadata.</summary>
    public double? Top1 { get; init; }

    /// <summary>Top-5 accuracy on the dataset.</summary>
    public double? Top5 { get; init; }

    /// <summary>Share of dataset results flagged ambiguous.</summary>
    public double? AmbiguousShare { get; init; }

    /// <summary>Where <see cref="Top1"/> came from.</summary>
    public AccuracySource AccuracySource { get; init; }

    /// <summary>Why the model could not be measured; null when it was.</summary>
    public string? Error { get; init; }
}

/// <summary>Where a model's accuracy figure came from.</summary>
public enum AccuracySource
{
    /// <summary>No accuracy known: the model ranks after every model with one.</summary>
    None,

    /// <summary>Measured on the dataset given to the comparison.</summary>
    Dataset,

    /// <summary>The <c>accuracy</c> entry of the model's metadata (written by import, train or eval).</summary>
    Metadata,
}
