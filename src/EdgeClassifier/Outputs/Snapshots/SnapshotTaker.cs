namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>Copies the latest frame, encodes it as JPEG and stores it. Runs on an output task, never on the frame path.</summary>
public sealed class SnapshotTaker
{
    private readonly ISnapshotFrameProvider _frames;
    private readonly JpegSnapshotEncoder _encoder;
    private readonly SnapshotStore _store;

    /// <summary>Creates a taker writing into <see cref="SnapshotOptions.Directory"/>.</summary>
    public SnapshotTaker(ISnapshotFrameProvider frames, SnapshotOptions options, TimeProvider time)
    {
        _frames = frames;
        _encoder = new JpegSnapshotEncoder(options.Width, options.Quality);
        _store = new SnapshotStore(options, time);
    }

    /// <summary>
    /// Takes a snapshot of frame <paramref name="sequence"/> (or the latest when that one is gone or not given), named
    /// after <paramref name="reason"/>; <c>null</c> when no frame has arrived yet.
    /// </summary>
    /// <remarks>The file is complete on disk when this returns, so an event may name it.</remarks>
    public Snapshot? Take(string reason, long? sequence)
    {
        using var frame = _frames.Copy(sequence);
        if (frame is null)
        {
            return null;
        }

        byte[] jpeg = _encoder.Encode(frame);
        string name = _store.Save(jpeg, reason, frame.Sequence);
        return new Snapshot(name, Path.Combine(_store.DirectoryPath, name), jpeg, frame.Sequence);
    }
}
