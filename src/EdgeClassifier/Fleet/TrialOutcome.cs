namespace EdgeClassifier.Fleet;

/// <summary>What a trial measured: frame-time percentiles in milliseconds, frames timed, top-1 on the dataset.</summary>
public sealed record TrialOutcome(double P95Ms, double P50Ms, int Frames, double? Accuracy);
