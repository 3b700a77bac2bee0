namespace EdgeClassifier.Hardware.Camera;

/// <summary>Sizes and names of the <see cref="PixelFormat"/> layouts.</summary>
public static class PixelFormatInfo
{
    /// <summary>The V4L2 four-character code of a format.</summary>
    public static string FourCc(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => "RGB3",
        PixelFormat.Bgr24 => "BGR3",
        PixelFormat.Yuyv => "YUYV",
        PixelFormat.Uyvy => "UYVY",
        PixelFormat.Nv12 => "NV12",
        PixelFormat.Yuv420 => "YU12",
        PixelFormat.Grey => "GREY",
        PixelFormat.Mjpeg => "MJPG",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// The smallest stride (bytes per row of the first plane) for a width, as a driver with no padding reports it.
    /// </summary>
    public static int MinimumStride(this PixelFormat format, int width) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => width * 3,
        PixelFormat.Yuyv or PixelFormat.Uyvy => width * 2,
        PixelFormat.Nv12 or PixelFormat.Yuv420 or PixelFormat.Grey => width,
        PixelFormat.Mjpeg => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// Bytes a whole frame needs with the given stride; planar chroma planes follow the luma plane with half the stride.
    /// For MJPEG the size varies per frame, so this returns 0.
    /// </summary>
    public static int FrameSize(this PixelFormat format, int height, int stride) => format switch
    {
        PixelFormat.Nv12 => (stride * height) + (stride * ((height + 1) / 2)),
        PixelFormat.Yuv420 => (stride * height) + (2 * ((stride + 1) / 2) * ((height + 1) / 2)),
        PixelFormat.Mjpeg => 0,
        _ => stride * height,
    };
}
