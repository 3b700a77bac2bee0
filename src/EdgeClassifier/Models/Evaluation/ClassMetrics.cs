namespace EdgeClassifier.Models.Evaluation;

/// <summary>How one dataset class fared.</summary>
/// <param name="Label">The model's label the class folder matched.</param>
/// <param name="Count">Images of this class.</param>
/// <param name="Precision">Of the images predicted as this label, the share that are of it; null when none were.</param>
/// <param name="Recall">Of the images of this class, the share predicted as it (its top-1 accuracy).</param>
/// <param name="Top5">Of the images of this class, the share with the label among the top five.</param>
public sealed record ClassMetrics(string Label, int Count, double? Precision, double Recall, double Top5);
