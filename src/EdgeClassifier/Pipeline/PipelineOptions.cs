namespace EdgeClassifier.Pipeline;

/// <summary>Configuration section <c>Pipeline</c>: the frame budget and how the service degrades to keep it.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Deadline per frame, from its capture to its decision, in milliseconds.</summary>
    public double BudgetMs { get; set; } = 33;

    /// <summary>Frames in the rolling window whose p95 decides whether the pipeline is over budget.</summary>
    public int WindowFrames { get; set; } = 30;

    /// <summary>How long the p95 must stay under budget before stepping one degrade level back.</summary>
    public double RecoverSeconds { get; set; } = 10;

    /// <summary>The most frames skipped between two processed ones at the first degrade level.</summary>
    public int MaxFrameSkip { get; set; } = 4;

    /// <summary>Whether to degrade at all; off only where every frame must be measured as is (<c>bench</c>).</summary>
    public bool Degrade { get; set; } = true;

    /// <summary>How often the stats snapshot is logged (and published), in seconds.</summary>
    public double StatsIntervalSeconds { get; set; } = 10;

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(BudgetMs is > 0 and <= 60_000))
        {
            yield return $"Pipeline:BudgetMs must be between 0 and 60000 milliseconds, got {BudgetMs}.";
        }

        if (WindowFrames is < 5 or > 10_000)
        {
            yield return $"Pipeline:WindowFrames must be between 5 and 10000, got {WindowFrames}.";
        }

        if (!(RecoverSeconds is >= 0 and <= 3600))
        {
            yield return $"Pipeline:RecoverSeconds must be between 0 and 3600, got {RecoverSeconds}.";
        }

        if (MaxFrameSkip is < 1 or > 100)
        {
            yield return $"Pipeline:MaxFrameSkip must be between 1 and 100, got {MaxFrameSkip}.";
        }

        if (!(StatsIntervalSeconds is >= 1 and <= 86_400))
        {
            yield return $"Pipeline:StatsIntervalSeconds must be between 1 and 86400, got {StatsIntervalSeconds}.";
        }
    }
}
