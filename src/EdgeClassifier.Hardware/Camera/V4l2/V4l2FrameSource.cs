using System.Diagnostics;
using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>
/// Captures from a V4L2 device node with memory-mapped streaming buffers. Each frame is lent as a span over the
/// kernel's buffer (no copy) and queued back to the driver on <see cref="Release"/>; MJPEG frames are decoded into
/// one reused RGB24 buffer.
/// </summary>
public sealed unsafe class V4l2FrameSource : IFrameSource, IReportsLastError
{
    private const int BufferCount = 4;

    private readonly IV4l2Interop _interop;
    private readonly int _requestedWidth;
    private readonly int _requestedHeight;
    private readonly double _requestedFps;
    private readonly PixelFormat? _requestedFormat;
    private readonly MjpegDecoder _mjpeg;

    private V4l2Device? _device;
    private MappedBuffer[] _buffers = [];
    private bool _streaming;
    private int _lentIndex = -1;
    private long _lastSequence = -1;

    /// <summary>Creates a source for <paramref name="devicePath"/>; nothing is opened until <see cref="Start"/>.</summary>
    /// <param name="devicePath">The device node, e.g. <c>/dev/video0</c>.</param>
    /// <param name="width">Requested width; the driver may pick the nearest size it supports.</param>
    /// <param name="height">Requested height.</param>
    /// <param name="fps">Requested frame rate, applied when the driver supports setting it.</param>
    /// <param name="pixelFormat">A format to insist on, or null to pick from what the device offers.</param>
    /// <param name="interop">The system calls; null for the real libc ones.</param>
    /// <param name="maxImagePixels">The largest MJPEG frame (width × height, as its header states) to decode.</param>
    public V4l2FrameSource(
        string devicePath, int width, int height, double fps, PixelFormat? pixelFormat = null, IV4l2Interop? interop = null,
        long maxImagePixels = ImageSizeLimit.DefaultMaxPixels)
    {
        DevicePath = devicePath;
        _requestedWidth = width;
        _requestedHeight = height;
        _requestedFps = fps;
        _requestedFormat = pixelFormat;
        _interop = interop ?? LibcV4l2Interop.Instance;
        _mjpeg = new MjpegDecoder(maxImagePixels);
    }

    /// <summary>The device node.</summary>
    public string DevicePath { get; }

    /// <inheritdoc/>
    public string Name => $"v4l2:{DevicePath}";

    /// <summary>The format the driver agreed to (valid after <see cref="Start"/>).</summary>
    public PixelFormat Format { get; private set; }

    /// <summary>The width the driver agreed to.</summary>
    public int Width { get; private set; }

    /// <summary>The height the driver agreed to.</summary>
    public int Height { get; private set; }

    /// <summary>Bytes per row as the driver reports it (<c>bytesperline</c>), which may include padding.</summary>
    public int Stride { get; private set; }

    /// <summary>The frame rate the driver reports after <c>VIDIOC_S_PARM</c>, or 0 if it does not say.</summary>
    public double Fps { get; private set; }

    /// <summary>Frames the driver dropped, counted from gaps in its sequence numbers.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Frames passed over because a newer one was already waiting (the consumer was slower than the camera).</summary>
    public long StaleFrames { get; private set; }

    // Frames received but not lent since the last lent one; handed to the consumer with the next frame.
    private long _passedOver;

    /// <summary>Frames delivered but unusable: truncated, flagged as erroneous, or undecodable MJPEG.</summary>
    public long SkippedFrames { get; private set; }

    /// <summary>The last system call error that ended streaming, for logs.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public void Start()
    {
        if (_device is not null)
        {
            return;
        }

        if (IntPtr.Size != 8)
        {
            throw new PlatformNotSupportedException("V4L2 capture is written for the 64-bit Linux kernel ABI.");
        }

        _device = V4l2Device.Open(_interop, DevicePath);
        try
        {
            var caps = _device.QueryCapabilities();
            if (!caps.IsStreamingCapture)
            {
                throw new CameraConfigurationException(
                    $"{DevicePath} ({caps.Card}, {caps.Driver}) is not a single-planar video capture device with streaming I/O.");
            }

            var format = V4l2FormatChooser.Choose(_device, _requestedWidth, _requestedHeight, _requestedFps, _requestedFormat);
            SetFormat(format);
            SetFrameRate();
            MapBuffers();
            QueueAllAndStream();
            _lastSequence = -1;
            LastError = null;
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <inheritdoc/>
    public FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame)
    {
        frame = default;
        if (_lentIndex >= 0)
        {
            throw new InvalidOperationException("Release the previous frame before acquiring the next one.");
        }

        if (_device is null || !_streaming)
        {
            return FrameWaitResult.Lost;
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            long remaining = deadline - Stopwatch.GetTimestamp();
            int waitMs = remaining <= 0 ? 0 : (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency);
            int revents = _interop.Poll(_device.Fd, waitMs);
            if (revents < 0)
            {
                return Lose("poll", -revents);
            }

            if (revents == 0)
            {
                return FrameWaitResult.Timeout;
            }

            var buffer = new V4l2Buffer { Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
            int result = _device.TryIoctl(V4l2Ioctl.DqBuf, ref buffer);
            if (result == -V4l2Constants.EAGAIN || result == -V4l2Constants.EINTR)
            {
                // Readable without a buffer is spurious; an error condition with none is a device that failed.
                if ((revents & (V4l2Constants.PollErr | V4l2Constants.PollHup | V4l2Constants.PollNval)) != 0)
                {
                    return Lose("poll", V4l2Constants.EIO);
                }

                if (deadline - Stopwatch.GetTimestamp() <= 0)
                {
                    return FrameWaitResult.Timeout;
                }

                continue;
            }

            if (result < 0)
            {
                return Lose("VIDIOC_DQBUF", -result);
            }

            if (!SkipToNewest(ref buffer))
            {
                return FrameWaitResult.Lost;
            }

            if (TryLend(in buffer, out frame))
            {
                return FrameWaitResult.Frame;
            }

            if (!Requeue(buffer.Index))
            {
                return FrameWaitResult.Lost;
            }

            // A camera sending only unusable frames must not hold the caller past its timeout.
            if (deadline - Stopwatch.GetTimestamp() <= 0)
            {
                return FrameWaitResult.Timeout;
            }
        }
    }

    /// <inheritdoc/>
    public void Release()
    {
        if (_lentIndex < 0)
        {
            return;
        }

        uint index = (uint)_lentIndex;
        _lentIndex = -1;
        Requeue(index);
    }

    /// <inheritdoc/>
    public void Stop()
    {
        if (_device is null)
        {
            return;
        }

        if (_streaming)
        {
            int type = (int)V4l2Constants.BufTypeVideoCapture;
            _device.TryIoctl(V4l2Ioctl.StreamOff, ref type);
            _streaming = false;
        }

        foreach (var buffer in _buffers)
        {
            _interop.Munmap(buffer.Address, buffer.Length);
        }

        _buffers = [];
        _lentIndex = -1;

        // Freeing the driver's buffers lets another process (or the next Start) allocate them; a gone device refuses.
        var release = new V4l2RequestBuffers { Count = 0, Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
        _device.TryIoctl(V4l2Ioctl.ReqBufs, ref release);
        _device.Dispose();
        _device = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private void SetFormat(PixelFormat format)
    {
        var request = new V4l2Format { Type = V4l2Constants.BufTypeVideoCapture };
        request.Pix.Width = (uint)_requestedWidth;
        request.Pix.Height = (uint)_requestedHeight;
        request.Pix.PixelFormat = V4l2Constants.FourCc(format.FourCc());
        request.Pix.Field = V4l2Constants.FieldNone;
        _device!.Ioctl(V4l2Ioctl.SetFmt, ref request, "VIDIOC_S_FMT");

        // The driver may adjust everything; what it returns is what the buffers will hold.
        Format = V4l2FormatChooser.FromFourCc(request.Pix.PixelFormat)
            ?? throw new CameraConfigurationException(
                $"{DevicePath} switched to pixel format {V4l2Constants.FourCcText(request.Pix.PixelFormat)}, which this program cannot read.");
        Width = (int)request.Pix.Width;
        Height = (int)request.Pix.Height;
        Stride = Format == PixelFormat.Mjpeg
            ? 0
            : Math.Max((int)request.Pix.BytesPerLine, Format.MinimumStride(Width));
        if (Width <= 0 || Height <= 0)
        {
            throw new CameraConfigurationException($"{DevicePath} reported an empty frame size {Width}x{Height}.");
        }

        int needed = Format.FrameSize(Height, Stride);
        if (request.Pix.SizeImage != 0 && request.Pix.SizeImage < needed)
        {
            throw new CameraConfigurationException(
                $"{DevicePath} reports sizeimage {request.Pix.SizeImage}, less than the {needed} bytes a {Width}x{Height} {Format.FourCc()} frame with stride {Stride} needs.");
        }
    }

    private void SetFrameRate()
    {
        var parm = new V4l2StreamParm { Type = V4l2Constants.BufTypeVideoCapture };
        if (_device!.TryIoctl(V4l2Ioctl.GetParm, ref parm) < 0)
        {
            Fps = 0;
            return;
        }

        if ((parm.Capture.Capability & V4l2Constants.CapTimePerFrame) != 0 && _requestedFps > 0)
        {
            var request = parm;
            request.Capture.TimePerFrame = new V4l2Fract { Numerator = 1000, Denominator = (uint)Math.Round(_requestedFps * 1000) };

            // A refused rate is not fatal: the camera keeps its current one, which Fps then reports.
            if (_device.TryIoctl(V4l2Ioctl.SetParm, ref request) == 0)
            {
                parm = request;
            }
        }

        Fps = V4l2Device.Rate(parm.Capture.TimePerFrame);
    }

    private void MapBuffers()
    {
        var request = new V4l2RequestBuffers { Count = BufferCount, Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
        _device!.Ioctl(V4l2Ioctl.ReqBufs, ref request, "VIDIOC_REQBUFS");
        if (request.Count < 2)
        {
            throw new V4l2Exception($"{DevicePath} granted only {request.Count} capture buffers", V4l2Constants.EBUSY);
        }

        var buffers = new List<MappedBuffer>((int)request.Count);
        try
        {
            for (uint index = 0; index < request.Count; index++)
            {
                var buffer = new V4l2Buffer { Index = index, Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
                _device.Ioctl(V4l2Ioctl.QueryBuf, ref buffer, "VIDIOC_QUERYBUF");
                IntPtr address = _interop.Mmap(_device.Fd, buffer.Length, buffer.Offset, out int error);
                if (address == IntPtr.Zero)
                {
                    throw new V4l2Exception($"mmap of buffer {index} failed on {DevicePath}", error);
                }

                buffers.Add(new MappedBuffer(address, buffer.Length));
            }
        }
        finally
        {
            // Even a partial set is recorded so Stop unmaps it.
            _buffers = [.. buffers];
        }
    }

    private void QueueAllAndStream()
    {
        for (uint index = 0; index < _buffers.Length; index++)
        {
            var buffer = new V4l2Buffer { Index = index, Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
            _device!.Ioctl(V4l2Ioctl.QBuf, ref buffer, "VIDIOC_QBUF");
        }

        int type = (int)V4l2Constants.BufTypeVideoCapture;
        _device!.Ioctl(V4l2Ioctl.StreamOn, ref type, "VIDIOC_STREAMON");
        _streaming = true;
    }

    private bool TryLend(scoped in V4l2Buffer buffer, out Frame frame)
    {
        frame = default;
        if (buffer.Index >= _buffers.Length)
        {
            SkippedFrames++;
            _passedOver++;
            return false;
        }

        var mapped = _buffers[buffer.Index];
        int used = (int)Math.Min(buffer.BytesUsed, (uint)mapped.Length);
        var bytes = new ReadOnlySpan<byte>((void*)mapped.Address, used);
        if ((buffer.Flags & V4l2Constants.BufFlagError) != 0)
        {
            SkippedFrames++;
            _passedOver++;
            return false;
        }

        ImageView image;
        if (Format == PixelFormat.Mjpeg)
        {
            if (!_mjpeg.TryDecode(bytes, out image))
            {
                SkippedFrames++;
                _passedOver++;
                return false;
            }
        }
        else
        {
            if (used < Format.FrameSize(Height, Stride))
            {
                SkippedFrames++;
                _passedOver++;
                return false;
            }

            image = new ImageView(bytes, Format, Width, Height, Stride);
        }

        _lentIndex = (int)buffer.Index;
        frame = new Frame(image, buffer.Sequence, CaptureTimestamp(in buffer), skippedBefore: _passedOver);
        _passedOver = 0;
        return true;
    }

    /// <summary>
    /// The newest frame wins: when the consumer was slower than the camera and more filled buffers wait, the older
    /// ones go straight back to the driver, so the frame handed out is the freshest one.
    /// </summary>
    private bool SkipToNewest(ref V4l2Buffer buffer)
    {
        CountDrops(buffer.Sequence);
        for (int i = 1; i < _buffers.Length; i++)
        {
            var newer = new V4l2Buffer { Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };

            // The descriptor is non-blocking: EAGAIN means nothing newer is waiting. Other errors surface on the next wait.
            if (_device!.TryIoctl(V4l2Ioctl.DqBuf, ref newer) < 0)
            {
                return true;
            }

            if (!Requeue(buffer.Index))
            {
                return false;
            }

            StaleFrames++;
            _passedOver++;
            CountDrops(newer.Sequence);
            buffer = newer;
        }

        return true;
    }

    private void CountDrops(uint sequence)
    {
        if (_lastSequence >= 0 && sequence > _lastSequence + 1)
        {
            DroppedFrames += sequence - _lastSequence - 1;
        }

        _lastSequence = sequence;
    }

    /// <summary>
    /// The driver's capture time in Stopwatch ticks when it stamps with CLOCK_MONOTONIC (the clock Stopwatch reads on
    /// Linux); otherwise the time of dequeueing, which is the best monotonic estimate available.
    /// </summary>
    private static long CaptureTimestamp(in V4l2Buffer buffer)
    {
        bool monotonic = (buffer.Flags & V4l2Constants.BufFlagTimestampMask) == V4l2Constants.BufFlagTimestampMonotonic;
        if (!monotonic || (buffer.TimestampSeconds == 0 && buffer.TimestampMicroseconds == 0))
        {
            return Stopwatch.GetTimestamp();
        }

        return (buffer.TimestampSeconds * Stopwatch.Frequency) + (buffer.TimestampMicroseconds * Stopwatch.Frequency / 1_000_000);
    }

    private bool Requeue(uint index)
    {
        if (_device is null || !_streaming)
        {
            return false;
        }

        var buffer = new V4l2Buffer { Index = index, Type = V4l2Constants.BufTypeVideoCapture, Memory = V4l2Constants.MemoryMmap };
        int result = _device.TryIoctl(V4l2Ioctl.QBuf, ref buffer);
        if (result < 0)
        {
            Lose("VIDIOC_QBUF", -result);
            return false;
        }

        return true;
    }

    private FrameWaitResult Lose(string operation, int errno)
    {
        LastError = $"{operation} failed on {DevicePath} (errno {errno})";
        _streaming = false;
        return FrameWaitResult.Lost;
    }

    private readonly record struct MappedBuffer(IntPtr Address, nuint Length);
}
