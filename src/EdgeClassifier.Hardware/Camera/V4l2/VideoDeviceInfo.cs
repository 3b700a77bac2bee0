namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>A V4L2 capture device as <c>edgeclassifier devices</c> lists it.</summary>
/// <param name="Path">The device node, e.g. <c>/dev/video0</c>.</param>
/// <param name="Driver">Kernel driver, e.g. <c>uvcvideo</c>.</param>
/// <param name="Card">Device name.</param>
/// <param name="Bus">Bus location.</param>
/// <param name="Formats">Pixel formats with their sizes and rates.</param>
/// <param name="Error">Why the node could not be examined (e.g. no permission), or null.</param>
public sealed record VideoDeviceInfo(string Path, string Driver, string Card, string Bus, IReadOnlyList<VideoFormatInfo> Formats, string? Error = null);

/// <summary>One pixel format a device offers.</summary>
/// <param name="FourCc">The V4L2 code, e.g. <c>YUYV</c>.</param>
/// <param name="Description">The driver's description.</param>
/// <param name="Supported">Whether this program can capture in this format.</param>
/// <param name="Sizes">Frame sizes (for a stepwise range: its smallest and largest).</param>
public sealed record VideoFormatInfo(string FourCc, string Description, bool Supported, IReadOnlyList<VideoFrameSizeInfo> Sizes);

/// <summary>A frame size and the frame rates offered at it.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FramesPerSecond">Rates, highest first (for a stepwise range: its two ends).</param>
public sealed record VideoFrameSizeInfo(int Width, int Height, IReadOnlyList<double> FramesPerSecond);
