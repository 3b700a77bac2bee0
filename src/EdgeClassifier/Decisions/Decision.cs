namespace EdgeClassifier.Decisions;

/// <summary>
/// What the service concluded about the scene at one moment: the label it settled on (or none), how sure it is,
/// and whether the top labels were too close to call. Emitted when the conclusion changes, so it may allocate.
/// </summary>
/// <param name="Label">The decided label, or <c>null</c> when nothing passed the thresholds (no match).</param>
/// <param name="Index">Model output index of <paramref name="Label"/>, or -1 for no match.</param>
/// <param name="Score">Score of the decided label (0 for no match).</param>
/// <param name="Ambiguous">True when top-1 minus top-2 was below the ambiguity margin.</param>
/// <param name="Top">The ranked top-K of the frame that produced this decision.</param>
/// <param name="Timestamp">Capture time of that frame (UTC).</param>
/// <param name="Frame">A name for the frame: the file name for the files source, else the sequence number.</param>
/// <param name="Sequence">The frame's sequence number.</param>
public sealed record Decision(
    string? Label,
    int Index,
    float Score,
    bool Ambiguous,
    IReadOnlyList<Category> Top,
    DateTimeOffset Timestamp,
    string Frame,
    long Sequence)
{
    /// <summary>The GPIO trigger whose burst produced this decision (e.g. <c>pir Gpio:Triggers:0 #3</c>), or null.</summary>
    public string? Trigger { get; init; }

    /// <summary>True when no label passed the thresholds.</summary>
    public bool IsNoMatch => Label is null;

    /// <summary>
    /// One frame's own classification, before the decision window smooths it (the per-frame <c>classification</c>
    /// stream): its best label above the thresholds, or none.
    /// </summary>
    public static Decision OfFrame(ClassificationResult result, DateTimeOffset timestamp, string frame, long sequence) =>
        result.HasMatch
            ? new Decision(result.Best.Label, result.Best.Index, result.Best.Score, result.Ambiguous, result.ToArray(), timestamp, frame, sequence)
            : new Decision(null, -1, 0f, false, result.ToArray(), timestamp, frame, sequence);
}
