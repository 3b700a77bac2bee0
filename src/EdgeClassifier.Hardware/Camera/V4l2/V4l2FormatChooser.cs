namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>Picks the pixel format to request from what a device offers.</summary>
internal static class V4l2FormatChooser
{
    // Uncompressed formats first (no decode cost, preprocessing converts them directly); MJPEG last because it needs a
    // JPEG decode per frame, but it is often the only way a USB 2 camera reaches large sizes at full rate.
    private static readonly PixelFormat[] Preference =
    [
        PixelFormat.Yuyv, PixelFormat.Nv12, PixelFormat.Yuv420, PixelFormat.Uyvy,
        PixelFormat.Rgb24, PixelFormat.Bgr24, PixelFormat.Grey, PixelFormat.Mjpeg,
    ];

    /// <summary>The <see cref="PixelFormat"/> with the given V4L2 fourcc, or null for formats this code cannot read.</summary>
    public static PixelFormat? FromFourCc(uint fourCc)
    {
        foreach (var format in Enum.GetValues<PixelFormat>())
        {
            if (V4l2Constants.FourCc(format.FourCc()) == fourCc)
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>
    /// The requested format if the device offers it; otherwise, the most preferred offered format that lists the
    /// requested size at (at least) the requested rate, else the most preferred offered format at all.
    /// </summary>
    /// <exception cref="CameraConfigurationException">The device offers nothing usable, or not the requested format.</exception>
    public static PixelFormat Choose(V4l2Device device, int width, int height, double fps, PixelFormat? requested)
    {
        var offered = device.EnumerateFormats()
            .Select(f => FromFourCc(f.FourCc))
            .OfType<PixelFormat>()
            .ToHashSet();
        string offeredText = string.Join(", ", device.EnumerateFormats().Select(f => V4l2Constants.FourCcText(f.FourCc)));

        if (requested is { } wanted)
        {
            return offered.Contains(wanted)
                ? wanted
                : throw new CameraConfigurationException(
                    $"{device.Path} does not offer Camera:PixelFormat {wanted.FourCc()}; it offers {offeredText}.");
        }

        var candidates = Preference.Where(offered.Contains).ToList();
        if (candidates.Count == 0)
        {
            throw new CameraConfigurationException(
                $"{device.Path} offers no pixel format this program reads ({offeredText}).");
        }

        foreach (var format in candidates)
        {
            uint fourCc = V4l2Constants.FourCc(format.FourCc());
            if (device.EnumerateFrameSizes(fourCc).Contains((width, height))
                && device.EnumerateFrameRates(fourCc, width, height).Any(rate => rate >= fps - 0.01))
            {
                return format;
            }
        }

        return candidates[0];
    }
}
