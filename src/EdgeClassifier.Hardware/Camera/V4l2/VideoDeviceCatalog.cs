using System.Globalization;

namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>Finds the V4L2 capture devices on this machine and what they can do.</summary>
public static class VideoDeviceCatalog
{
    /// <summary>The <c>/dev/video*</c> nodes in numeric order (video2 before video10).</summary>
    public static IReadOnlyList<string> DeviceNodes(string devDirectory = "/dev")
    {
        if (!Directory.Exists(devDirectory))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(devDirectory, "video*")
            .Where(path => int.TryParse(System.IO.Path.GetFileName(path)["video".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderBy(path => int.Parse(System.IO.Path.GetFileName(path)["video".Length..], CultureInfo.InvariantCulture))
            .ToArray();
    }

    /// <summary>
    /// Describes every capture device among <paramref name="devicePaths"/> (default: all <c>/dev/video*</c>). Nodes
    /// that are not capture nodes (e.g. a UVC camera's metadata node) are left out; a node this user may not open
    /// is listed with <see cref="VideoDeviceInfo.Error"/> set, since it is probably a camera.
    /// </summary>
    public static IReadOnlyList<VideoDeviceInfo> List(IEnumerable<string>? devicePaths = null, IV4l2Interop? interop = null)
    {
        interop ??= LibcV4l2Interop.Instance;
        var devices = new List<VideoDeviceInfo>();
        foreach (string path in devicePaths ?? DeviceNodes())
        {
            if (TryDescribe(interop, path) is { } info)
            {
                devices.Add(info);
            }
        }

        return devices;
    }

    /// <summary>The first node that is a streaming capture device, or null when there is none.</summary>
    public static string? FirstCaptureDevice(IEnumerable<string>? devicePaths = null, IV4l2Interop? interop = null)
    {
        interop ??= LibcV4l2Interop.Instance;
        foreach (string path in devicePaths ?? DeviceNodes())
        {
            try
            {
                using var device = V4l2Device.Open(interop, path);
                if (device.QueryCapabilities().IsStreamingCapture)
                {
                    return path;
                }
            }
            catch (V4l2Exception)
            {
                // Busy, gone or not V4L2 at all: not a candidate.
            }
        }

        return null;
    }

    private static VideoDeviceInfo? TryDescribe(IV4l2Interop interop, string path)
    {
        try
        {
            using var device = V4l2Device.Open(interop, path);
            var caps = device.QueryCapabilities();
            if (!caps.IsStreamingCapture)
            {
                return null;
            }

            var formats = device.EnumerateFormats()
                .Select(format => new VideoFormatInfo(
                    V4l2Constants.FourCcText(format.FourCc),
                    format.Description,
                    V4l2FormatChooser.FromFourCc(format.FourCc) is not null,
                    device.EnumerateFrameSizes(format.FourCc)
                        .Select(size => new VideoFrameSizeInfo(size.Width, size.Height, device.EnumerateFrameRates(format.FourCc, size.Width, size.Height)))
                        .ToArray()))
                .ToArray();
            return new VideoDeviceInfo(path, caps.Driver, caps.Card, caps.Bus, formats);
        }
        catch (V4l2Exception ex) when (ex.Errno == V4l2Constants.EACCES)
        {
            return new VideoDeviceInfo(path, string.Empty, string.Empty, string.Empty, [], "permission denied: add the user to the 'video' group");
        }
        catch (V4l2Exception)
        {
            return null;
        }
    }
}
