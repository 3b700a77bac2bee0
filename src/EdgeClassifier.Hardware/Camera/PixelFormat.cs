namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// Pixel layouts a frame source can deliver. Names follow V4L2; every layout is 8 bits per sample.
/// </summary>
public enum PixelFormat
{
    /// <summary>Packed R, G, B bytes (V4L2 <c>RGB3</c>).</summary>
    Rgb24,

    /// <summary>Packed B, G, R bytes (V4L2 <c>BGR3</c>).</summary>
    Bgr24,

    /// <summary>Packed 4:2:2, Y0 U Y1 V (V4L2 <c>YUYV</c>).</summary>
    Yuyv,

    /// <summary>Packed 4:2:2, U Y0 V Y1 (V4L2 <c>UYVY</c>).</summary>
    Uyvy,

    /// <summary>Semi-planar 4:2:0: a Y plane, then one interleaved U/V plane (V4L2 <c>NV12</c>).</summary>
    Nv12,

    /// <summary>Planar 4:2:0: Y plane, U plane, V plane (V4L2 <c>YU12</c>, also called I420).</summary>
    Yuv420,

    /// <summary>8-bit luma only (V4L2 <c>GREY</c>).</summary>
    Grey,

    /// <summary>Motion JPEG: each frame is a JPEG image and must be decoded before preprocessing.</summary>
    Mjpeg,
}
