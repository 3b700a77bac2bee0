namespace EdgeClassifier.Outputs.Collection;

/// <summary>Why a frame was collected (the sidecar's <c>reason</c>).</summary>
public enum CollectReason
{
    /// <summary>Not collected.</summary>
    None,

    /// <summary>No label clearly ahead: top-1 minus top-2 below the margin.</summary>
    Ambiguous,

    /// <summary>The top-1 score is below <c>Collect:BelowScore</c>.</summary>
    BelowScore,

    /// <summary>The top-1 label is one of <c>Collect:Labels</c>.</summary>
    Label,

    /// <summary>An operator asked for it: the <c>collect</c> command.</summary>
    Command,
}
