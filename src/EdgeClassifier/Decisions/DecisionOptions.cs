namespace EdgeClassifier.Decisions;

/// <summary>How per-frame results become decisions.</summary>
public enum DecisionMode
{
    /// <summary>Every frame's top-1 is the decision.</summary>
    Instant,

    /// <summary>A label must hold for several frames before it becomes the decision.</summary>
    Stable,
}

/// <summary>
/// Configuration section <c>Decision</c>: smoothing and hysteresis so a decision does not flicker between labels
/// from one frame to the next.
/// </summary>
public sealed class DecisionOptions
{
    public const string Section = "Decision";

    public DecisionMode Mode { get; set; } = DecisionMode.Stable;

    /// <summary>Stable mode: the window, in frames.</summary>
    public int StableFrames { get; set; } = 3;

    /// <summary>
    /// Stable mode: the share (percent) of the last <see cref="StableFrames"/> frames a state needs; 100 means every
    /// one of them in a row.
    /// </summary>
    public int StablePercent { get; set; } = 100;

    /// <summary>A new label is entered only when its score reaches this.</summary>
    public float EnterScore { get; set; } = 0.5f;

    /// <summary>The current label is kept while its score stays at or above this (below <see cref="EnterScore"/>).</summary>
    public float ExitScore { get; set; } = 0.35f;

    /// <summary>Emit a decision for every processed frame, not only on change (allocates per frame).</summary>
    public bool EmitEveryFrame { get; set; }

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (StableFrames is < 1 or > 1000)
        {
            yield return $"Decision:StableFrames must be between 1 and 1000, got {StableFrames}.";
        }

        if (StablePercent is < 1 or > 100)
        {
            yield return $"Decision:StablePercent must be between 1 and 100, got {StablePercent}.";
        }

        if (!(EnterScore is >= 0f and <= 1f) || !(ExitScore is >= 0f and <= 1f))
        {
            yield return $"Decision:EnterScore and Decision:ExitScore must be between 0 and 1, got {EnterScore} and {ExitScore}.";
        }
        else if (ExitScore > EnterScore)
        {
            yield return $"Decision:ExitScore ({ExitScore}) must not be above Decision:EnterScore ({EnterScore}).";
        }
    }
}
