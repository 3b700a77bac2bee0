using EdgeClassifier.Cli;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

public sealed class VideoDeviceCatalogTests : IDisposable
{
    private readonly FakeV4l2Driver _driver = new();

    public void Dispose() => _driver.Dispose();

    [Fact]
    public void A_capture_device_is_listed_with_formats_sizes_and_rates()
    {
        _driver.Formats.Add((PixelFormat.Rgb24, [(160, 120)], [60]));

        var device = Assert.Single(VideoDeviceCatalog.List(["/dev/video0", "/dev/video9"], _driver));

        Assert.Equal(("/dev/video0", "fakecam", "Fake Cam", "platform:fake"), (device.Path, device.Driver, device.Card, device.Bus));
        Assert.Equal(["MJPG", "YUYV", "RGB3"], device.Formats.Select(f => f.FourCc));
        var yuyv = device.Formats[1];
        Assert.True(yuyv.Supported);
        Assert.Equal([(320, 240), (640, 480)], yuyv.Sizes.Select(s => (s.Width, s.Height)));
        Assert.Equal([30.0, 15.0], yuyv.Sizes[1].FramesPerSecond);
    }

    [Fact]
    public void Nodes_that_are_not_capture_devices_are_left_out()
    {
        _driver.DeviceCaps = 0x00800000;

        Assert.Empty(VideoDeviceCatalog.List(["/dev/video0"], _driver));
        Assert.Null(VideoDeviceCatalog.FirstCaptureDevice(["/dev/video0"], _driver));
    }

    [Fact]
    public void A_node_this_user_may_not_open_is_listed_with_the_reason()
    {
        _driver.PermissionDenied = true;

        var device = Assert.Single(VideoDeviceCatalog.List(["/dev/video0"], _driver));

        Assert.Contains("permission denied", device.Error);
        Assert.Contains("/dev/video0  (permission denied", DevicesCommand.FormatTable([device]));
    }

    [Fact]
    public void The_devices_command_prints_a_table_and_json()
    {
        var devices = VideoDeviceCatalog.List(["/dev/video0"], _driver);

        string table = DevicesCommand.FormatTable(devices);
        string json = DevicesCommand.FormatJson(devices);

        Assert.Contains("/dev/video0  Fake Cam  (driver fakecam, bus platform:fake)", table);
        Assert.Matches(@"640x480 +30, 15 fps", table);
        Assert.Contains("\"fourCc\": \"YUYV\"", json);
        Assert.Contains("\"framesPerSecond\": [", json);
        Assert.Contains("No video capture devices found", DevicesCommand.FormatTable([]));
    }

    [Fact]
    public void Device_nodes_sort_numerically()
    {
        string dev = Directory.CreateTempSubdirectory("dev-").FullName;
        try
        {
            foreach (string name in new[] { "video10", "video2", "video0", "videoX", "vbi0" })
            {
                File.WriteAllText(Path.Combine(dev, name), string.Empty);
            }

            Assert.Equal(["video0", "video2", "video10"], VideoDeviceCatalog.DeviceNodes(dev).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }
}
