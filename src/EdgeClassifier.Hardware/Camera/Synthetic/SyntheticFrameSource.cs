using System.Diagnostics;

namespace EdgeClassifier.Hardware.Camera.Synthetic;

/// <summary>
/// A camera stand-in that draws <see cref="TestPattern"/> at a fixed rate in any uncompressed pixel format. The
/// pattern is drawn as RGB and converted into a buffer allocated once, so frames cost no allocation.
/// </summary>
public sealed class SyntheticFrameSource : IFrameSource
{
    private readonly FramePacer _pacer;
    private readonly byte[] _rgb;
    private readonly byte[] _frame;
    private long _sequence;
    private bool _started;

    /// <summary>Creates the source.</summary>
    /// <exception cref="ArgumentException">A size or rate is not positive, or the format is MJPEG.</exception>
    public SyntheticFrameSource(int width, int height, double fps, PixelFormat format = PixelFormat.Yuyv)
    {
        if (width <= 0 || height <= 0 || fps <= 0)
        {
            throw new ArgumentException($"Synthetic camera needs a positive size and rate, got {width}x{height} at {fps} fps.");
        }

        if (format == PixelFormat.Mjpeg)
        {
            throw new ArgumentException("The synthetic camera cannot produce MJPEG; choose an uncompressed pixel format.", nameof(format));
        }

        Width = width;
        Height = height;
        Format = format;
        _pacer = new FramePacer(fps);
        _rgb = new byte[width * height * 3];
        _frame = new byte[RgbConverter.OutputSize(format, width, height)];
    }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Pixel format of every frame.</summary>
    public PixelFormat Format { get; }

    /// <inheritdoc/>
    public string Name => $"synthetic:{Width}x{Height}:{Format.FourCc()}";

    /// <inheritdoc/>
    public void Start()
    {
        _started = true;
        _pacer.Reset();
    }

    /// <inheritdoc/>
    public FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame)
    {
        frame = default;
        if (!_started)
        {
            return FrameWaitResult.Lost;
        }

        if (!_pacer.WaitForNext(timeout))
        {
            return FrameWaitResult.Timeout;
        }

        long timestamp = Stopwatch.GetTimestamp();
        TestPattern.Draw(_sequence, Width, Height, _rgb);
        RgbConverter.Convert(_rgb, Width, Height, Format, _frame);
        frame = new Frame(new ImageView(_frame, Format, Width, Height), _sequence, timestamp);
        _sequence++;
        return FrameWaitResult.Frame;
    }

    /// <inheritdoc/>
    public void Release()
    {
        // The next frame is drawn into the same buffer; nothing to give back.
    }

    /// <inheritdoc/>
    public void Stop() => _started = false;

    /// <inheritdoc/>
    public void Dispose() => Stop();
}
