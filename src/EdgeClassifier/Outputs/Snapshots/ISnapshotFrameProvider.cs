namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>Hands out a copy of the most recent frame for a snapshot. Called off the frame path.</summary>
public interface ISnapshotFrameProvider
{
    /// <summary>A copy of the latest frame the caller must dispose, or <c>null</c> when no frame has arrived yet.</summary>
    SnapshotFrame? CopyLatest();
}
