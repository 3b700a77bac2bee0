using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.Rpicam;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

public class CameraOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new CameraOptions().Validate());
    }

    [Theory]
    [InlineData("Source", "webcam", "Camera:Source must be one of v4l2, rpicam, files, synthetic")]
    [InlineData("Width", "0", "Camera:Width must be between 16 and 8192")]
    [InlineData("Height", "9000", "Camera:Height must be between 16 and 8192")]
    [InlineData("Fps", "-1", "Camera:Fps must be greater than 0")]
    [InlineData("StallTimeoutSeconds", "0", "Camera:StallTimeoutSeconds must be greater than 0")]
    [InlineData("PixelFormat", "H264", "Camera:PixelFormat must be one of RGB3, BGR3, YUYV, UYVY, NV12, YU12, GREY, MJPG")]
    public void Each_bad_value_gets_its_own_message_naming_the_key(string key, string value, string message)
    {
        var options = new CameraOptions();
        var property = typeof(CameraOptions).GetProperty(key)!;
        property.SetValue(options, Convert.ChangeType(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Single(options.Validate());
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void Source_specific_rules_are_checked()
    {
        Assert.Contains("Camera:Path must name an image file", Assert.Single(new CameraOptions { Source = "files" }.Validate()));
        Assert.Contains("does not exist", Assert.Single(new CameraOptions { Source = "files", Path = "/no/such/folder" }.Validate()));
        Assert.Contains("Camera:Device must be a camera index", Assert.Single(new CameraOptions { Source = "rpicam", Device = "/dev/video0" }.Validate()));
        Assert.Contains("MJPG is not available", Assert.Single(new CameraOptions { Source = "synthetic", PixelFormat = "MJPG" }.Validate()));
    }

    [Theory]
    [InlineData("yuyv", PixelFormat.Yuyv)]
    [InlineData("YU12", PixelFormat.Yuv420)]
    [InlineData("Yuv420", PixelFormat.Yuv420)]
    [InlineData(" mjpg ", PixelFormat.Mjpeg)]
    public void Pixel_formats_parse_by_fourcc_or_name(string text, PixelFormat expected)
    {
        Assert.True(CameraOptions.TryParsePixelFormat(text, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void The_factory_rejects_invalid_options_with_every_message()
    {
        var error = Assert.Throws<ArgumentException>(() => FrameSourceFactory.Create(new CameraOptions { Source = "x", Fps = 0 }));

        Assert.Contains("Camera:Source", error.Message);
        Assert.Contains("Camera:Fps", error.Message);
    }

    [Fact]
    public void The_factory_builds_each_configured_source_behind_the_resilient_wrapper()
    {
        Assert.IsType<SyntheticFrameSource>(FrameSourceFactory.Create(new CameraOptions { Source = "synthetic" }).Inner);
        Assert.IsType<ImageFileFrameSource>(FrameSourceFactory.Create(new CameraOptions { Source = "files", Path = Path.Combine(SharedAssets.ModelsDirectory, "images") }).Inner);
        var rpicam = Assert.IsType<RpicamFrameSource>(FrameSourceFactory.Create(new CameraOptions { Source = "rpicam", Device = "1" }).Inner);
        Assert.Equal(("rpicam-vid", 1), (rpicam.Executable, rpicam.CameraIndex));
        var v4l2 = Assert.IsType<V4l2FrameSource>(FrameSourceFactory.Create(new CameraOptions { Source = "v4l2", Device = "/dev/video3" }).Inner);
        Assert.Equal("/dev/video3", v4l2.DevicePath);

        var stalls = FrameSourceFactory.Create(new CameraOptions { Source = "synthetic", StallTimeoutSeconds = 2.5 });
        Assert.Equal(TimeSpan.FromSeconds(2.5), stalls.StallTimeout);
        var slowReplay = FrameSourceFactory.Create(new CameraOptions { Source = "synthetic", Fps = 0.25 });
        Assert.Equal(TimeSpan.FromSeconds(12), slowReplay.StallTimeout);
    }

    [Fact]
    public void Without_a_source_the_first_capture_device_is_used_else_synthetic()
    {
        using var driver = new FakeV4l2Driver { DevicePath = "/dev/video1" };
        var options = new CameraOptions();

        Assert.Equal("v4l2", FrameSourceFactory.ResolveSource(options, driver, ["/dev/video0", "/dev/video1"]));
        Assert.Equal("synthetic", FrameSourceFactory.ResolveSource(options, driver, ["/dev/video0"]));
        Assert.Equal("synthetic", FrameSourceFactory.ResolveSource(options, driver, []));
        Assert.Equal("files", FrameSourceFactory.ResolveSource(new CameraOptions { Source = "Files" }, driver, []));
    }
}
