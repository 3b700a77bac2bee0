namespace EdgeClassifier.Web.Labelling;

/// <summary>How a move or delete ended.</summary>
public enum LabelChange
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>The frame is not there (any more): moved or deleted meanwhile.</summary>
    NotFound,

    /// <summary>The frame cannot be changed now: still being written, or the target already holds a frame of that name.</summary>
    Conflict,

    /// <summary>The target is not a label folder the frame may go to.</summary>
    BadTarget,
}

/// <summary>The result of a move or delete.</summary>
/// <param name="Change">How it ended.</param>
/// <param name="Error">Why it was not done, for the person who asked.</param>
/// <param name="Id">Where the frame is now (after a move).</param>
public sealed record LabelOutcome(LabelChange Change, string? Error = null, CollectedFrameId? Id = null);
