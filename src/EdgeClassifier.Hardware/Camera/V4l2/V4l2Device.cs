using System.Text;

namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>
/// An open V4L2 device node and the queries both capture and the device catalog need. Owns the file descriptor.
/// </summary>
internal sealed unsafe class V4l2Device : IDisposable
{
    private readonly IV4l2Interop _interop;

    private V4l2Device(IV4l2Interop interop, string path, int fd)
    {
        _interop = interop;
        Path = path;
        Fd = fd;
    }

    public string Path { get; }

    public int Fd { get; private set; }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="V4l2Exception"/> when it cannot.</summary>
    public static V4l2Device Open(IV4l2Interop interop, string path)
    {
        int fd = interop.Open(path);
        if (fd < 0)
        {
            throw new V4l2Exception($"Cannot open {path}", -fd);
        }

        return new V4l2Device(interop, path, fd);
    }

    /// <summary>Issues an ioctl and throws with the operation's name on failure.</summary>
    public void Ioctl<T>(uint request, ref T argument, string operation)
        where T : unmanaged
    {
        int result = TryIoctl(request, ref argument);
        if (result < 0)
        {
            throw new V4l2Exception($"{operation} failed on {Path}", -result);
        }
    }

    /// <summary>Issues an ioctl; returns 0 or <c>-errno</c>.</summary>
    public int TryIoctl<T>(uint request, ref T argument)
        where T : unmanaged
    {
        fixed (T* pointer = &argument)
        {
            return _interop.Ioctl(Fd, request, pointer);
        }
    }

    public V4l2Capabilities QueryCapabilities()
    {
        var cap = default(V4l2Capability);
        Ioctl(V4l2Ioctl.QueryCap, ref cap, "VIDIOC_QUERYCAP");

        // device_caps describes this node; older drivers only fill capabilities, which then applies to the node.
        uint deviceCaps = (cap.Capabilities & V4l2Constants.CapDeviceCaps) != 0 ? cap.DeviceCaps : cap.Capabilities;
        return new V4l2Capabilities(Text(cap.Driver, 16), Text(cap.Card, 32), Text(cap.BusInfo, 32), deviceCaps);
    }

    /// <summary>The pixel formats the capture queue offers, as (fourcc, description).</summary>
    public List<(uint FourCc, string Description)> EnumerateFormats()
    {
        var formats = new List<(uint, string)>();
        for (uint index = 0; ; index++)
        {
            var desc = new V4l2FmtDesc { Index = index, Type = V4l2Constants.BufTypeVideoCapture };
            if (TryIoctl(V4l2Ioctl.EnumFmt, ref desc) < 0)
            {
                // EINVAL marks the end of the list.
                return formats;
            }

            formats.Add((desc.PixelFormat, Text(desc.Description, 32)));
        }
    }

    /// <summary>
    /// The frame sizes for a format. A stepwise or continuous range is reported as its smallest and largest size.
    /// </summary>
    public List<(int Width, int Height)> EnumerateFrameSizes(uint fourCc)
    {
        var sizes = new List<(int, int)>();
        for (uint index = 0; ; index++)
        {
            var size = new V4l2FrmSizeEnum { Index = index, PixelFormat = fourCc };
            if (TryIoctl(V4l2Ioctl.EnumFrameSizes, ref size) < 0)
            {
                return sizes;
            }

            if (size.Type == V4l2Constants.FrmSizeTypeDiscrete)
            {
                sizes.Add(((int)size.MinOrDiscreteWidth, (int)size.MaxWidthOrDiscreteHeight));
                continue;
            }

            sizes.Add(((int)size.MinOrDiscreteWidth, (int)size.MinHeight));
            sizes.Add(((int)size.MaxWidthOrDiscreteHeight, (int)size.MaxHeight));
            return sizes;
        }
    }

    /// <summary>
    /// The frame rates (frames per second) for a format and size, highest first. A stepwise range is reported as its
    /// two ends.
    /// </summary>
    public List<double> EnumerateFrameRates(uint fourCc, int width, int height)
    {
        var rates = new List<double>();
        for (uint index = 0; ; index++)
        {
            var interval = new V4l2FrmIvalEnum { Index = index, PixelFormat = fourCc, Width = (uint)width, Height = (uint)height };
            if (TryIoctl(V4l2Ioctl.EnumFrameIntervals, ref interval) < 0)
            {
                break;
            }

            AddRate(rates, interval.MinOrDiscrete);
            if (interval.Type != V4l2Constants.FrmIvalTypeDiscrete)
            {
                AddRate(rates, interval.Max);
                break;
            }
        }

        rates.Sort((a, b) => b.CompareTo(a));
        return rates;
    }

    public void Dispose()
    {
        if (Fd >= 0)
        {
            _interop.Close(Fd);
            Fd = -1;
        }
    }

    /// <summary>Frames per second of a time-per-frame fraction.</summary>
    public static double Rate(V4l2Fract timePerFrame) =>
        timePerFrame.Numerator == 0 ? 0 : (double)timePerFrame.Denominator / timePerFrame.Numerator;

    private static void AddRate(List<double> rates, V4l2Fract timePerFrame)
    {
        double rate = Math.Round(Rate(timePerFrame), 3);
        if (rate > 0 && !rates.Contains(rate))
        {
            rates.Add(rate);
        }
    }

    private static string Text(byte* bytes, int capacity)
    {
        var span = new ReadOnlySpan<byte>(bytes, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
