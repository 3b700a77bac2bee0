namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// A read-only view of one image in memory: the bytes, their layout and size. It never owns or copies the pixels,
/// so a camera buffer, a decoded file and a test array all pass through the same preprocessing code.
/// </summary>
public readonly ref struct ImageView
{
    /// <summary>Creates a view and checks that <paramref name="data"/> is large enough for the layout.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than the format, size and stride need.</exception>
    public ImageView(ReadOnlySpan<byte> data, PixelFormat format, int width, int height, int stride = 0)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"Image size must be positive, got {width}x{height}.");
        }

        if (format == PixelFormat.Mjpeg)
        {
            throw new ArgumentException("An MJPEG frame must be decoded before it can be viewed as pixels.");
        }

        int minimumStride = format.MinimumStride(width);
        if (stride == 0)
        {
            stride = minimumStride;
        }
        else if (stride < minimumStride)
        {
            throw new ArgumentException($"Stride {stride} is below the {minimumStride} bytes a {width}-pixel {format} row needs.");
        }

        int needed = format.FrameSize(height, stride);
        if (data.Length < needed)
        {
            throw new ArgumentException(
                $"Truncated {format} image: {width}x{height} with stride {stride} needs {needed} bytes, got {data.Length}.");
        }

        Data = data;
        Format = format;
        Width = width;
        Height = height;
        Stride = stride;
    }

    /// <summary>The pixel bytes, starting at the first row of the first plane.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>How the bytes are laid out.</summary>
    public PixelFormat Format { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row of the first plane.</summary>
    public int Stride { get; }
}
