namespace EdgeClassifier.Models.Evaluation;

/// <summary>Images of <paramref name="Actual"/> whose top-1 was <paramref name="Predicted"/>.</summary>
public sealed record Confusion(string Actual, string Predicted, int Count);
