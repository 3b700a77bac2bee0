namespace EdgeClassifier.Outputs.Collection;

/// <summary>
/// Configuration section <c>Collect</c>: keep the frames the model is unsure about — as JPEG with a JSON sidecar in
/// <c>Directory/&lt;top-1 label&gt;/</c>, which is <c>train</c>'s dataset layout — for a person to sort and retrain on.
/// </summary>
public sealed class CollectOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Collect";

    /// <summary>Save frames at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the label folders go (absolute); empty = <c>collected</c> in <c>State:Directory</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Collect when top-1 minus top-2 is below this; unset = when the result is flagged ambiguous (<c>Classification:AmbiguityMargin</c>).</summary>
    public double? AmbiguityMargin { get; set; }

    /// <summary>Also collect when the top-1 score is below this (0 = off).</summary>
    public double BelowScore { get; set; }

    /// <summary>Also collect every frame whose top-1 label is one of these.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>At most one frame per this many milliseconds (0 = every matching frame the writer keeps up with).</summary>
    public int IntervalMs { get; set; } = 1000;

    /// <summary>Stop collecting when the directory holds this many images.</summary>
    public int MaxFiles { get; set; } = 1000;

    /// <summary>Stop collecting when the directory's files take this many megabytes (MiB).</summary>
    public double MaxMegabytes { get; set; } = 100;

    /// <summary>Frames waiting for the writer at most; a matching frame finding them all taken is dropped (counted).</summary>
    public int QueueLength { get; set; } = 4;

    /// <summary>JPEG width in pixels (never enlarged); 0 = the frame's own width.</summary>
    public int Width { get; set; }

    /// <summary>JPEG quality, 1 to 100.</summary>
    public int Quality { get; set; } = 90;

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (Directory.Length > 0 && !Path.IsPathFullyQualified(Directory))
        {
            yield return $"Collect:Directory: '{Directory}' must be an absolute path.";
        }

        if (AmbiguityMargin is { } margin && !(margin is >= 0 and <= 1))
        {
            yield return $"Collect:AmbiguityMargin must be between 0 and 1, got {margin}.";
        }

        if (!(BelowScore is >= 0 and <= 1))
        {
            yield return $"Collect:BelowScore must be between 0 and 1, got {BelowScore}.";
        }

        if (IntervalMs < 0)
        {
            yield return $"Collect:IntervalMs must not be negative, got {IntervalMs}.";
        }

        if (MaxFiles < 1)
        {
            yield return $"Collect:MaxFiles must be at least 1, got {MaxFiles}.";
        }

        if (!(MaxMegabytes > 0) || double.IsInfinity(MaxMegabytes))
        {
            yield return $"Collect:MaxMegabytes must be a positive number, got {MaxMegabytes}.";
        }

        if (QueueLength is < 1 or > 64)
        {
            yield return $"Collect:QueueLength must be between 1 and 64, got {QueueLength}.";
        }

        if (Width < 0)
        {
            yield return $"Collect:Width must not be negative, got {Width}.";
        }

        if (Quality is < 1 or > 100)
        {
            yield return $"Collect:Quality must be between 1 and 100, got {Quality}.";
        }
    }
}
