namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>Hands out copies of recent frames for snapshots. Called off the frame path.</summary>
public interface ISnapshotFrameProvider
{
    /// <summary>
    /// A copy the caller must dispose: the frame with <paramref name="sequence"/> when it is still held (the one that
    /// caused an event), else the latest; <c>null</c> when no frame has arrived yet.
    /// </summary>
    SnapshotFrame? Copy(long? sequence);
}
