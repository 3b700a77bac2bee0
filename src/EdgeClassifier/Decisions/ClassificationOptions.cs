namespace EdgeClassifier.Decisions;

/// <summary>
/// Configuration section <c>Classification</c>: which labels to report and when, named as in TFLite's Task Library
/// (maxResults, scoreThreshold, categoryAllowlist, categoryDenylist), plus per-label minimum scores and the
/// ambiguity margin.
/// </summary>
public sealed class ClassificationOptions
{
    public const string Section = "Classification";

    /// <summary>Top-K: how many labels to report per frame.</summary>
    public int MaxResults { get; set; } = 5;

    /// <summary>Labels scoring below this are not reported.</summary>
    public float ScoreThreshold { get; set; }

    /// <summary>Only these labels are considered (mutually exclusive with <see cref="CategoryDenylist"/>).</summary>
    public string[] CategoryAllowlist { get; set; } = [];

    /// <summary>These labels are never reported.</summary>
    public string[] CategoryDenylist { get; set; } = [];

    /// <summary>Per-label minimum scores, stricter than <see cref="ScoreThreshold"/> for labels that need it.</summary>
    public Dictionary<string, float> MinScores { get; set; } = [];

    /// <summary>A result is ambiguous when top-1 minus top-2 is below this margin.</summary>
    public float AmbiguityMargin { get; set; } = 0.2f;

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxResults < 1)
        {
            yield return $"Classification:MaxResults must be at least 1, got {MaxResults}.";
        }

        if (!(ScoreThreshold is >= 0f and <= 1f))
        {
            yield return $"Classification:ScoreThreshold must be between 0 and 1, got {ScoreThreshold}.";
        }

        if (!(AmbiguityMargin is >= 0f and <= 1f))
        {
            yield return $"Classification:AmbiguityMargin must be between 0 and 1, got {AmbiguityMargin}.";
        }

        if (CategoryAllowlist.Length > 0 && CategoryDenylist.Length > 0)
        {
            yield return "Classification:CategoryAllowlist and Classification:CategoryDenylist are mutually exclusive: set only one.";
        }

        foreach (var (label, score) in MinScores)
        {
            if (!(score is >= 0f and <= 1f))
            {
                yield return $"Classification:MinScores:{label} must be between 0 and 1, got {score}.";
            }
        }
    }
}
