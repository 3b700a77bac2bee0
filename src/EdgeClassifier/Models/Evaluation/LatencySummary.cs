namespace EdgeClassifier.Models.Evaluation;

/// <summary>Inference time statistics in milliseconds (model run only, not decoding or preprocessing).</summary>
public sealed record LatencySummary(double Mean, double P50, double P95);
