namespace EdgeClassifier.Models.Training;

/// <summary>What <see cref="TransferLearner"/> did and how well the head does.</summary>
/// <param name="OutputPath">The classifier written.</param>
/// <param name="LabelsPath">Its labels file.</param>
/// <param name="Labels">The classes, in output order.</param>
/// <param name="Method">"softmax" (trained) or "imprint" (nearest class mean).</param>
/// <param name="Images">Readable images used (training and validation).</param>
/// <param name="TrainingSamples">Training embeddings, augmented copies included.</param>
/// <param name="Embedded">Embeddings computed by the backbone in this run.</param>
/// <param name="Cached">Embeddings read from the cache.</param>
/// <param name="TrainAccuracy">Accuracy on the training embeddings.</param>
/// <param name="Validation">Per-class accuracy on the held-out images (originals only), empty without validation.</param>
/// <param name="ValidationGroups">The held-out groups as "folder/group".</param>
/// <param name="EmbeddingSeconds">Time spent decoding and embedding.</param>
/// <param name="TrainingSeconds">Time spent fitting the head.</param>
public sealed record TrainingReport(
    string OutputPath,
    string LabelsPath,
    IReadOnlyList<string> Labels,
    string Method,
    int Images,
    int TrainingSamples,
    int Embedded,
    int Cached,
    double TrainAccuracy,
    IReadOnlyList<ClassValidation> Validation,
    IReadOnlyList<string> ValidationGroups,
    double EmbeddingSeconds,
    double TrainingSeconds)
{
    /// <summary>Overall validation accuracy over held-out images; null without validation.</summary>
    public double? ValidationAccuracy => Overall(Validation);

    /// <summary>The replaced model's per-class accuracy on the same held-out images; empty without a baseline.</summary>
    public IReadOnlyList<ClassValidation> Baseline { get; init; } = [];

    /// <summary>The replaced model's file name, or null.</summary>
    public string? BaselineModel { get; init; }

    /// <summary>The replaced model's overall accuracy on the held-out images; null without a baseline or validation.</summary>
    public double? BaselineAccuracy => Overall(Baseline);

    /// <summary>The written model's <c>version</c> metadata.</summary>
    public int Version { get; init; } = 1;

    private static double? Overall(IReadOnlyList<ClassValidation> classes) => classes.Sum(v => v.Count) is > 0 and var count
        ? (double)classes.Sum(v => v.Correct) / count
        : null;
}
