using System.Globalization;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Benchmarking;

/// <summary>
/// Reads <c>bench --source</c>: <c>synthetic</c> (640×480 YUYV), <c>synthetic:WIDTHxHEIGHT[:FOURCC]</c>,
/// <c>files:PATH</c> (an image or a folder, looped) or <c>v4l2:/dev/videoN</c>, into camera options.
/// </summary>
public static class BenchSource
{
    /// <summary>
    /// Synthetic and file frames are produced as fast as the frame path takes them: the bench measures the path, not
    /// a frame rate. A real camera keeps its own rate.
    /// </summary>
    private const double UnpacedFps = 1000;

    /// <summary>The camera options for <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">The text is not one of the forms above; the message says which are.</exception>
    public static CameraOptions Parse(string spec)
    {
        string[] parts = spec.Trim().Split(':', 2);
        string kind = parts[0].ToLowerInvariant();
        string? rest = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        return kind switch
        {
            "synthetic" => Synthetic(rest, spec),
            "files" when rest is not null => new CameraOptions { Source = "files", Path = rest, Fps = UnpacedFps, Loop = true },
            "v4l2" => new CameraOptions { Source = "v4l2", Device = rest, PixelFormat = null },
            _ => throw Invalid(spec),
        };
    }

    private static CameraOptions Synthetic(string? rest, string spec)
    {
        var options = new CameraOptions { Source = "synthetic", Width = 640, Height = 480, Fps = UnpacedFps, PixelFormat = "YUYV" };
        if (rest is null)
        {
            return options;
        }

        string[] fields = rest.Split(':');
        string[] size = fields[0].Split('x', 'X');
        if (size.Length != 2
            || !int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            || !int.TryParse(size[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            || fields.Length > 2)
        {
            throw Invalid(spec);
        }

        options.Width = width;
        options.Height = height;
        if (fields.Length == 2)
        {
            options.PixelFormat = fields[1];
        }

        return options;
    }

    private static ArgumentException Invalid(string spec) =>
        new($"--source '{spec}' is not a source; use synthetic, synthetic:640x480:YUYV, files:PATH or v4l2:/dev/video0.");
}
