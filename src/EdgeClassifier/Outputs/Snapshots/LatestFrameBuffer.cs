namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// The default <see cref="ISnapshotFrameProvider"/>: the pipeline offers frames it has converted to RGB24 anyway and
/// this keeps a copy of the newest one. <see cref="Offer"/> is one memory copy into a reused buffer and never blocks on
/// a snapshot being encoded (that works on its own copy).
/// </summary>
public sealed class LatestFrameBuffer : ISnapshotFrameProvider
{
    private readonly Lock _gate = new();
    private byte[] _pixels = [];
    private int _width;
    private int _height;
    private long _sequence;

    /// <summary>Remembers <paramref name="rgb24"/> as the latest frame.</summary>
    public void Offer(ReadOnlySpan<byte> rgb24, int width, int height, long sequence)
    {
        int size = width * height * 3;
        if (width <= 0 || height <= 0 || rgb24.Length < size)
        {
            throw new ArgumentException($"A {width}x{height} RGB24 frame needs {size} bytes, got {rgb24.Length}.");
        }

        lock (_gate)
        {
            if (_pixels.Length != size)
            {
                _pixels = new byte[size];
            }

            rgb24[..size].CopyTo(_pixels);
            (_width, _height, _sequence) = (width, height, sequence);
        }
    }

    /// <inheritdoc />
    public SnapshotFrame? CopyLatest()
    {
        lock (_gate)
        {
            return _width == 0 ? null : SnapshotFrame.Copy(_pixels, _width, _height, _sequence);
        }
    }
}
