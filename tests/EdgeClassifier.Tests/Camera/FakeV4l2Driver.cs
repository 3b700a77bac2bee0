using System.Runtime.InteropServices;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

/// <summary>
/// A simulated V4L2 driver behind <see cref="IV4l2Interop"/>, answering the same ioctls a real capture driver does:
/// format negotiation (nearest size, padded stride), mmap'd buffers in native memory, a queue with sequence numbers
/// and monotonic timestamps, and scripted faults (dropped frames, truncated frames, unplug, stall).
/// </summary>
internal sealed unsafe class FakeV4l2Driver : IV4l2Interop, IDisposable
{
    public const long FirstTimestampSeconds = 1234;
    public const long FrameMicroseconds = 33_333;
    private const int Fd = 42;

    private readonly List<IntPtr> _memory = [];
    private readonly Queue<uint> _queued = new();
    private uint _sequence;
    private int _ready;
    private uint _skipNext;
    private uint? _truncateNext;
    private bool _errorFlagNext;
    private bool _open;

    public string DevicePath { get; set; } = "/dev/video0";

    public string Card { get; set; } = "Fake Cam";

    public uint DeviceCaps { get; set; } = 0x04000001; // VIDEO_CAPTURE | STREAMING

    /// <summary>Formats offered, with discrete sizes and the frame rates at each.</summary>
    public List<(PixelFormat Format, (int W, int H)[] Sizes, uint[] Fps)> Formats { get; } =
    [
        (PixelFormat.Mjpeg, [(640, 480), (1280, 720)], [30, 15]),
        (PixelFormat.Yuyv, [(320, 240), (640, 480)], [30, 15]),
    ];

    /// <summary>Extra bytes the driver adds to every row, as drivers with alignment needs do.</summary>
    public int StridePadding { get; set; }

    /// <summary>Whether the driver accepts a frame rate (V4L2_CAP_TIMEPERFRAME).</summary>
    public bool SupportsFrameRate { get; set; } = true;

    /// <summary>The JPEG every MJPEG frame carries.</summary>
    public byte[]? JpegFrame { get; set; }

    /// <summary>False while the camera delivers nothing (a stall).</summary>
    public bool Producing { get; set; } = true;

    public bool Unplugged { get; private set; }

    /// <summary>The node exists but this user may not open it (not in the <c>video</c> group).</summary>
    public bool PermissionDenied { get; set; }

    public int Opens { get; private set; }

    public int StreamOns { get; private set; }

    public uint TimePerFrameDenominator { get; private set; }

    public V4l2PixFormat CurrentFormat { get; private set; }

    public List<(IntPtr Address, int Length)> Buffers { get; } = [];

    /// <summary>Calls the source made, by name, for checking the order of operations.</summary>
    public List<string> Log { get; } = [];

    public int QueuedCount => _queued.Count;

    public void Unplug() => Unplugged = true;

    public void Replug()
    {
        Unplugged = false;
        Producing = true;
    }

    /// <summary>Fills <paramref name="count"/> queued buffers at once, as when the consumer fell behind.</summary>
    public void FillBuffers(int count) => _ready = Math.Min(count, _queued.Count);

    /// <summary>The driver loses the next <paramref name="count"/> frames: their sequence numbers are skipped.</summary>
    public void DropFrames(uint count) => _skipNext = count;

    /// <summary>The next frame arrives with only <paramref name="bytesUsed"/> bytes.</summary>
    public void TruncateNextFrame(uint bytesUsed) => _truncateNext = bytesUsed;

    /// <summary>The next frame carries V4L2_BUF_FLAG_ERROR.</summary>
    public void FlagNextFrameAsError() => _errorFlagNext = true;

    public int Open(string path)
    {
        Log.Add("open");
        if (path != DevicePath || Unplugged)
        {
            return -V4l2Constants.ENOENT;
        }

        if (PermissionDenied)
        {
            return -V4l2Constants.EACCES;
        }

        _open = true;
        Opens++;
        return Fd;
    }

    public int Close(int fd)
    {
        Log.Add("close");
        _open = false;
        _ready = 0;
        _queued.Clear();
        FreeBuffers();
        return 0;
    }

    public int Ioctl(int fd, uint request, void* argument)
    {
        if (fd != Fd || !_open)
        {
            return -9; // EBADF
        }

        if (Unplugged && request != V4l2Ioctl.StreamOff && request != V4l2Ioctl.ReqBufs)
        {
            return -V4l2Constants.ENODEV;
        }

        if (request == V4l2Ioctl.QueryCap)
        {
            return QueryCap((V4l2Capability*)argument);
        }

        if (request == V4l2Ioctl.EnumFmt)
        {
            return EnumFmt((V4l2FmtDesc*)argument);
        }

        if (request == V4l2Ioctl.EnumFrameSizes)
        {
            return EnumFrameSizes((V4l2FrmSizeEnum*)argument);
        }

        if (request == V4l2Ioctl.EnumFrameIntervals)
        {
            return EnumFrameIntervals((V4l2FrmIvalEnum*)argument);
        }

        if (request == V4l2Ioctl.SetFmt)
        {
            return SetFmt((V4l2Format*)argument);
        }

        if (request == V4l2Ioctl.GetParm || request == V4l2Ioctl.SetParm)
        {
            return Parm((V4l2StreamParm*)argument, request == V4l2Ioctl.SetParm);
        }

        if (request == V4l2Ioctl.ReqBufs)
        {
            return ReqBufs((V4l2RequestBuffers*)argument);
        }

        if (request == V4l2Ioctl.QueryBuf)
        {
            return QueryBuf((V4l2Buffer*)argument);
        }

        if (request == V4l2Ioctl.QBuf)
        {
            return QBuf((V4l2Buffer*)argument);
        }

        if (request == V4l2Ioctl.DqBuf)
        {
            return DqBuf((V4l2Buffer*)argument);
        }

        if (request == V4l2Ioctl.StreamOn)
        {
            Log.Add("streamon");
            StreamOns++;
            return 0;
        }

        if (request == V4l2Ioctl.StreamOff)
        {
            Log.Add("streamoff");
            return 0;
        }

        return -V4l2Constants.ENOTTY;
    }

    public IntPtr Mmap(int fd, nuint length, long offset, out int error)
    {
        int index = (int)(offset / 0x100000);
        if (index >= Buffers.Count || (int)length != Buffers[index].Length)
        {
            error = V4l2Constants.EINVAL;
            return IntPtr.Zero;
        }

        error = 0;
        Log.Add("mmap");
        return Buffers[index].Address;
    }

    public int Munmap(IntPtr address, nuint length)
    {
        Log.Add("munmap");
        return 0;
    }

    public int Poll(int fd, int timeoutMs)
    {
        if (Unplugged)
        {
            return V4l2Constants.PollErr | V4l2Constants.PollHup;
        }

        // While the caller waits, the camera fills the next queued buffer.
        if (Producing && _ready == 0 && _queued.Count > 0)
        {
            _ready = 1;
        }

        if (_ready > 0)
        {
            return V4l2Constants.PollIn;
        }

        // Nothing to deliver: the caller waits the whole timeout, as with a real stalled camera.
        Thread.Sleep(timeoutMs);
        return 0;
    }

    public void Dispose() => FreeBuffers();

    private int QueryCap(V4l2Capability* cap)
    {
        *cap = default;
        Write("fakecam", cap->Driver, 16);
        Write(Card, cap->Card, 32);
        Write("platform:fake", cap->BusInfo, 32);
        cap->Capabilities = DeviceCaps | V4l2Constants.CapDeviceCaps;
        cap->DeviceCaps = DeviceCaps;
        return 0;
    }

    private int EnumFmt(V4l2FmtDesc* desc)
    {
        if (desc->Type != V4l2Constants.BufTypeVideoCapture || desc->Index >= Formats.Count)
        {
            return -V4l2Constants.EINVAL;
        }

        var format = Formats[(int)desc->Index].Format;
        desc->PixelFormat = V4l2Constants.FourCc(format.FourCc());
        Write($"{format} format", desc->Description, 32);
        return 0;
    }

    private int EnumFrameSizes(V4l2FrmSizeEnum* size)
    {
        var entry = Formats.FirstOrDefault(f => V4l2Constants.FourCc(f.Format.FourCc()) == size->PixelFormat);
        if (entry.Sizes is null || size->Index >= entry.Sizes.Length)
        {
            return -V4l2Constants.EINVAL;
        }

        size->Type = V4l2Constants.FrmSizeTypeDiscrete;
        size->MinOrDiscreteWidth = (uint)entry.Sizes[size->Index].W;
        size->MaxWidthOrDiscreteHeight = (uint)entry.Sizes[size->Index].H;
        return 0;
    }

    private int EnumFrameIntervals(V4l2FrmIvalEnum* interval)
    {
        var entry = Formats.FirstOrDefault(f => V4l2Constants.FourCc(f.Format.FourCc()) == interval->PixelFormat);
        if (entry.Fps is null || interval->Index >= entry.Fps.Length
            || !entry.Sizes.Contains(((int)interval->Width, (int)interval->Height)))
        {
            return -V4l2Constants.EINVAL;
        }

        interval->Type = V4l2Constants.FrmIvalTypeDiscrete;
        interval->MinOrDiscrete = new V4l2Fract { Numerator = 1, Denominator = entry.Fps[interval->Index] };
        return 0;
    }

    private int SetFmt(V4l2Format* format)
    {
        Log.Add("s_fmt");
        if (format->Type != V4l2Constants.BufTypeVideoCapture)
        {
            return -V4l2Constants.EINVAL;
        }

        // Like real drivers: an unknown format falls back to the first one, the size snaps to the nearest offered.
        var entry = Formats.FirstOrDefault(f => V4l2Constants.FourCc(f.Format.FourCc()) == format->Pix.PixelFormat);
        if (entry.Sizes is null)
        {
            entry = Formats[0];
        }

        var requested = format->Pix;
        var size = entry.Sizes.MinBy(s => Math.Abs(s.W - (int)requested.Width) + Math.Abs(s.H - (int)requested.Height));
        var pix = new V4l2PixFormat
        {
            Width = (uint)size.W,
            Height = (uint)size.H,
            PixelFormat = V4l2Constants.FourCc(entry.Format.FourCc()),
            Field = V4l2Constants.FieldNone,
        };
        if (entry.Format == PixelFormat.Mjpeg)
        {
            pix.SizeImage = (uint)(size.W * size.H * 2);
        }
        else
        {
            int stride = entry.Format.MinimumStride(size.W) + StridePadding;
            pix.BytesPerLine = (uint)stride;
            pix.SizeImage = (uint)entry.Format.FrameSize(size.H, stride);
        }

        format->Pix = pix;
        CurrentFormat = pix;
        return 0;
    }

    private int Parm(V4l2StreamParm* parm, bool set)
    {
        if (parm->Type != V4l2Constants.BufTypeVideoCapture)
        {
            return -V4l2Constants.EINVAL;
        }

        if (set)
        {
            Log.Add("s_parm");
            if (!SupportsFrameRate)
            {
                return -V4l2Constants.EINVAL;
            }

            // The driver snaps to whole frames per second.
            uint fps = (uint)Math.Round((double)parm->Capture.TimePerFrame.Denominator / parm->Capture.TimePerFrame.Numerator);
            TimePerFrameDenominator = fps;
        }

        parm->Capture.Capability = SupportsFrameRate ? V4l2Constants.CapTimePerFrame : 0;
        parm->Capture.TimePerFrame = new V4l2Fract { Numerator = 1, Denominator = TimePerFrameDenominator == 0 ? 30 : TimePerFrameDenominator };
        return 0;
    }

    private int ReqBufs(V4l2RequestBuffers* request)
    {
        Log.Add($"reqbufs {request->Count}");
        if (request->Memory != V4l2Constants.MemoryMmap || request->Type != V4l2Constants.BufTypeVideoCapture)
        {
            return -V4l2Constants.EINVAL;
        }

        FreeBuffers();
        _queued.Clear();
        _ready = 0;
        for (int i = 0; i < request->Count; i++)
        {
            int length = (int)CurrentFormat.SizeImage;
            var address = (IntPtr)NativeMemory.AllocZeroed((nuint)length);
            _memory.Add(address);
            Buffers.Add((address, length));
        }

        return 0;
    }

    private int QueryBuf(V4l2Buffer* buffer)
    {
        if (buffer->Index >= Buffers.Count)
        {
            return -V4l2Constants.EINVAL;
        }

        buffer->Length = (uint)Buffers[(int)buffer->Index].Length;
        buffer->Offset = buffer->Index * 0x100000;
        return 0;
    }

    private int QBuf(V4l2Buffer* buffer)
    {
        if (buffer->Index >= Buffers.Count || _queued.Contains(buffer->Index))
        {
            return -V4l2Constants.EINVAL;
        }

        _queued.Enqueue(buffer->Index);
        return 0;
    }

    private int DqBuf(V4l2Buffer* buffer)
    {
        if (_ready == 0 || _queued.Count == 0)
        {
            return -V4l2Constants.EAGAIN;
        }

        _ready--;
        uint index = _queued.Dequeue();
        _sequence += _skipNext;
        _skipNext = 0;
        var (address, length) = Buffers[(int)index];

        // Each frame's bytes are its sequence number, so a test can tell which frame it reads.
        var bytes = new Span<byte>((void*)address, length);
        bytes.Fill((byte)_sequence);
        uint used = (uint)length;
        if (JpegFrame is not null && CurrentFormat.PixelFormat == V4l2Constants.FourCc("MJPG"))
        {
            JpegFrame.CopyTo(bytes);
            used = (uint)JpegFrame.Length;
        }

        long micros = (FirstTimestampSeconds * 1_000_000) + (_sequence * FrameMicroseconds);
        *buffer = new V4l2Buffer
        {
            Index = index,
            Type = V4l2Constants.BufTypeVideoCapture,
            Memory = V4l2Constants.MemoryMmap,
            BytesUsed = _truncateNext ?? used,
            Flags = V4l2Constants.BufFlagTimestampMonotonic | (_errorFlagNext ? V4l2Constants.BufFlagError : 0),
            Sequence = _sequence,
            TimestampSeconds = micros / 1_000_000,
            TimestampMicroseconds = micros % 1_000_000,
            Length = (uint)length,
        };
        _truncateNext = null;
        _errorFlagNext = false;
        _sequence++;
        return 0;
    }

    private void FreeBuffers()
    {
        foreach (var address in _memory)
        {
            NativeMemory.Free((void*)address);
        }

        _memory.Clear();
        Buffers.Clear();
    }

    private static void Write(string text, byte* destination, int capacity)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        new ReadOnlySpan<byte>(bytes, 0, Math.Min(bytes.Length, capacity - 1)).CopyTo(new Span<byte>(destination, capacity));
    }
}
