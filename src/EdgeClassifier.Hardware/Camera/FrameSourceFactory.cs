using System.Globalization;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.Rpicam;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Hardware.Camera;

/// <summary>Builds the frame source that <see cref="CameraOptions"/> describes.</summary>
public static class FrameSourceFactory
{
    /// <summary>The executable run for <c>rpicam</c> when <see cref="CameraOptions.Path"/> is unset.</summary>
    public const string DefaultRpicamExecutable = "rpicam-vid";

    /// <summary>
    /// Creates the configured source wrapped in a <see cref="ResilientFrameSource"/> (which counts reconnects and
    /// stalls). When <see cref="CameraOptions.Source"/> is unset, the first V4L2 capture device is used, else the
    /// synthetic pattern. Nothing is started.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static ResilientFrameSource Create(CameraOptions options, Action<string>? log = null, IV4l2Interop? interop = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        // A slow replay rate (e.g. files at 0.1 fps) must not look like a stall between two regular frames.
        double stallSeconds = Math.Max(options.StallTimeoutSeconds, 3 / options.Fps);
        var inner = CreateInner(options, interop);
        return new ResilientFrameSource(inner, TimeSpan.FromSeconds(stallSeconds), log);
    }

    /// <summary>The source kind chosen for the options: the configured one, or the detected default.</summary>
    public static string ResolveSource(CameraOptions options, IV4l2Interop? interop = null, IEnumerable<string>? devicePaths = null)
    {
        if (!string.IsNullOrWhiteSpace(options.Source))
        {
            return options.Source.Trim().ToLowerInvariant();
        }

        return VideoDeviceCatalog.FirstCaptureDevice(devicePaths, interop) is null ? "synthetic" : "v4l2";
    }

    private static IFrameSource CreateInner(CameraOptions options, IV4l2Interop? interop)
    {
        switch (ResolveSource(options, interop))
        {
            case "v4l2":
                string device = !string.IsNullOrWhiteSpace(options.Device)
                    ? options.Device
                    : VideoDeviceCatalog.FirstCaptureDevice(interop: interop) ?? "/dev/video0";
                return new V4l2FrameSource(device, options.Width, options.Height, options.Fps, options.ParsedPixelFormat, interop, options.MaxImagePixels);
            case "rpicam":
                int? camera = string.IsNullOrWhiteSpace(options.Device) ? null : int.Parse(options.Device, CultureInfo.InvariantCulture);
                string executable = string.IsNullOrWhiteSpace(options.Path) ? DefaultRpicamExecutable : options.Path;
                return new RpicamFrameSource(executable, options.Width, options.Height, options.Fps, camera);
            case "files":
                // With a pixel format the images arrive as a camera would send them: Width x Height in that format.
                CameraLayout? layout = options.ParsedPixelFormat is { } format ? new CameraLayout(format, options.Width, options.Height) : null;
                return new ImageFileFrameSource(options.Path!, options.Fps, options.Loop, options.MaxImagePixels, layout);
            default:
                return new SyntheticFrameSource(options.Width, options.Height, options.Fps, options.ParsedPixelFormat ?? PixelFormat.Yuyv);
        }
    }
}
