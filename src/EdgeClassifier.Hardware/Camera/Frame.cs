namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// One captured frame, lent by an <see cref="IFrameSource"/> until the consumer releases it. The pixels are a view of
/// the source's own buffer (for V4L2, the kernel's mapped memory): no copy, valid only until <see cref="IFrameSource.Release"/>.
/// </summary>
public readonly ref struct Frame
{
    /// <summary>Creates a frame over a buffer the source owns.</summary>
    public Frame(ImageView image, long sequence, long timestamp, string? name = null, long skippedBefore = 0)
    {
        Image = image;
        Sequence = sequence;
        Timestamp = timestamp;
        Name = name;
        SkippedBefore = skippedBefore;
    }

    /// <summary>The pixels.</summary>
    public ImageView Image { get; }

    /// <summary>The driver's frame counter; a gap between two frames counts frames the driver dropped.</summary>
    public long Sequence { get; }

    /// <summary>When the frame was captured, in <see cref="System.Diagnostics.Stopwatch"/> ticks (the monotonic clock).</summary>
    public long Timestamp { get; }

    /// <summary>
    /// Frames the source itself received but passed over since the last frame it lent (older ones when a newer
    /// frame was waiting, truncated or corrupt ones), so a sequence gap can be told apart from frames the driver lost.
    /// </summary>
    public long SkippedBefore { get; }

    /// <summary>What the frame shows when a source knows it, e.g. the image file name for the files source; else null.</summary>
    public string? Name { get; }
}
