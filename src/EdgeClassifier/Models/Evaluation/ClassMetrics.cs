namespace EdgeClassifier.Models.Evaluation;

/// <summary>How one dataset class fared.</summary>
/// <param name="Label">The model's label the class folder matched.</param>
/// <param name="Count">Images of this class.</param>
/// <param name="Precision">Of the images predicted as this label, the share that are of it; null when none were.</param>
/// <param name="Recall">Of the images of this class, the share predicted as it (its top-1 accuracy).</param>
/// <param name="Top5">Of the images of this class, the share with the label among the top five.</param>
public sealed record ClassMetrics(string Label, int Count, double? Precision, double Recall, double Top5);

/// <summary>Images of <paramref name="Actual"/> whose top-1 was <paramref name="Predicted"/>.</summary>
public sealed record Confusion(string Actual, string Predicted, int Count);

/// <summary>Inference time statistics in milliseconds (model run only, not decoding or preprocessing).</summary>
public sealed record LatencySummary(double Mean, double P50, double P95);
