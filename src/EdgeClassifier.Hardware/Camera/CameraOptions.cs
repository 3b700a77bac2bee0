using System.Globalization;

namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// The <c>Camera</c> configuration section: which frame source to use and how. Check it with <see cref="Validate"/>
/// before opening anything.
/// </summary>
public sealed class CameraOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Camera";

    /// <summary>The values <see cref="Source"/> accepts.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["v4l2", "rpicam", "files", "synthetic"];

    /// <summary>
    /// <c>v4l2</c>, <c>rpicam</c>, <c>files</c> or <c>synthetic</c>; unset means the first V4L2 capture device, else synthetic.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>v4l2: the device node (default: the first capture device). rpicam: the camera index for <c>--camera</c>.</summary>
    public string? Device { get; set; }

    /// <summary>files: an image file or a folder of images. rpicam: the <c>rpicam-vid</c> executable (default <c>rpicam-vid</c>).</summary>
    public string? Path { get; set; }

    /// <summary>Frame width in pixels (v4l2, rpicam, synthetic; files with a <see cref="PixelFormat"/>).</summary>
    public int Width { get; set; } = 640;

    /// <summary>Frame height in pixels (v4l2, rpicam, synthetic; files with a <see cref="PixelFormat"/>).</summary>
    public int Height { get; set; } = 480;

    /// <summary>Frames per second (all sources; files replays at this rate).</summary>
    public double Fps { get; set; } = 30;

    /// <summary>
    /// A pixel format by name or V4L2 fourcc (e.g. <c>YUYV</c>, <c>NV12</c>, <c>MJPG</c>); unset lets the source choose.
    /// v4l2 insists on it, synthetic produces it, files converts each image to it (scaled to fit Width x Height),
    /// rpicam ignores it.
    /// </summary>
    public string? PixelFormat { get; set; }

    /// <summary>
    /// Seconds without a frame before the camera counts as stalled and is reopened (never less than three frame periods).
    /// </summary>
    public double StallTimeoutSeconds { get; set; } = 5;

    /// <summary>files: start over after the last image (true) or end (false).</summary>
    public bool Loop { get; set; } = true;

    /// <summary>
    /// The largest image (width × height) the files source and MJPEG decoding will decode, as its header states;
    /// a header asking for more is refused before any buffer is allocated.
    /// </summary>
    public long MaxImagePixels { get; set; } = ImageDecoding.ImageSizeLimit.DefaultMaxPixels;

    /// <summary>Every problem with the options, each naming its key and the allowed values; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        string? source = Source?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(source) && !Sources.Contains(source))
        {
            errors.Add($"Camera:Source must be one of {string.Join(", ", Sources)} (or unset to detect), got '{Source}'.");
        }

        if (Width is < 16 or > 8192)
        {
            errors.Add($"Camera:Width must be between 16 and 8192, got {Width}.");
        }

        if (Height is < 16 or > 8192)
        {
            errors.Add($"Camera:Height must be between 16 and 8192, got {Height}.");
        }

        if (!(Fps > 0 && Fps <= 1000))
        {
            errors.Add($"Camera:Fps must be greater than 0 and at most 1000, got {Fps.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(StallTimeoutSeconds > 0 && StallTimeoutSeconds <= 3600))
        {
            errors.Add($"Camera:StallTimeoutSeconds must be greater than 0 and at most 3600, got {StallTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (MaxImagePixels is < 1 or > ImageDecoding.ImageSizeLimit.LargestMaxPixels)
        {
            errors.Add($"Camera:MaxImagePixels must be between 1 and {ImageDecoding.ImageSizeLimit.LargestMaxPixels}, got {MaxImagePixels}.");
        }

        if (!string.IsNullOrWhiteSpace(PixelFormat) && !TryParsePixelFormat(PixelFormat, out _))
        {
            errors.Add($"Camera:PixelFormat must be one of {string.Join(", ", Enum.GetValues<PixelFormat>().Select(f => f.FourCc()))}, got '{PixelFormat}'.");
        }

        if (source is "synthetic" or "files" && ParsedPixelFormat == Camera.PixelFormat.Mjpeg)
        {
            errors.Add($"Camera:PixelFormat MJPG is not available with Camera:Source {source}; choose an uncompressed format.");
        }

        if (source == "files")
        {
            if (string.IsNullOrWhiteSpace(Path))
            {
                errors.Add("Camera:Path must name an image file or a folder of images when Camera:Source is files.");
            }
            else if (!File.Exists(Path) && !Directory.Exists(Path))
            {
                errors.Add($"Camera:Path '{Path}' does not exist.");
            }
        }

        if (source == "rpicam" && !string.IsNullOrWhiteSpace(Device) && !int.TryParse(Device, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"Camera:Device must be a camera index (0, 1, ...) when Camera:Source is rpicam, got '{Device}'.");
        }

        return errors;
    }

    /// <summary><see cref="PixelFormat"/> parsed, or null when unset or invalid.</summary>
    public PixelFormat? ParsedPixelFormat =>
        !string.IsNullOrWhiteSpace(PixelFormat) && TryParsePixelFormat(PixelFormat, out var format) ? format : null;

    /// <summary>Reads a pixel format from its V4L2 fourcc (<c>YUYV</c>, <c>YU12</c>) or its enum name (<c>Yuv420</c>).</summary>
    public static bool TryParsePixelFormat(string text, out PixelFormat format)
    {
        string trimmed = text.Trim();
        foreach (var candidate in Enum.GetValues<PixelFormat>())
        {
            if (string.Equals(candidate.FourCc(), trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }
}
