using System.Buffers;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// A copy of one frame as packed RGB24 in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so encoding can run
/// after the camera buffer is gone. Dispose returns the buffer.
/// </summary>
public sealed class SnapshotFrame : IDisposable
{
    private byte[]? _buffer;

    private SnapshotFrame(byte[] buffer, int width, int height, long sequence)
    {
        _buffer = buffer;
        Width = width;
        Height = height;
        Sequence = sequence;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Sequence number of the frame it was copied from.</summary>
    public long Sequence { get; }

    /// <summary>The pixels: <c>Width * Height * 3</c> bytes, rows without padding.</summary>
    public ReadOnlySpan<byte> Rgb24 =>
        (_buffer ?? throw new ObjectDisposedException(nameof(SnapshotFrame))).AsSpan(0, Width * Height * 3);

    /// <summary>Copies packed RGB24 pixels into a pooled buffer.</summary>
    /// <exception cref="ArgumentException">The size is not positive or <paramref name="rgb24"/> is too short.</exception>
    public static SnapshotFrame Copy(ReadOnlySpan<byte> rgb24, int width, int height, long sequence)
    {
        if (width <= 0 || height <= 0 || rgb24.Length < width * height * 3)
        {
            throw new ArgumentException($"A {width}x{height} RGB24 frame needs {width * height * 3} bytes, got {rgb24.Length}.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(width * height * 3);
        rgb24[..(width * height * 3)].CopyTo(buffer);
        return new SnapshotFrame(buffer, width, height, sequence);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
