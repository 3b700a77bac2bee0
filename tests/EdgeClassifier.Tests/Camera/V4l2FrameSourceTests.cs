using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;
using SkiaSharp;

namespace EdgeClassifier.Tests.Camera;

public sealed class V4l2FrameSourceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(200);
    private readonly FakeV4l2Driver _driver = new();

    public void Dispose() => _driver.Dispose();

    [Fact]
    public void Negotiation_prefers_an_uncompressed_format_that_reaches_the_requested_size_and_rate()
    {
        using var source = Open();

        Assert.Equal(PixelFormat.Yuyv, source.Format);
        Assert.Equal((640, 480), (source.Width, source.Height));
        Assert.Equal(1280, source.Stride);
        Assert.Equal(30, source.Fps);
        Assert.Equal(30u, _driver.TimePerFrameDenominator);
    }

    [Fact]
    public void Negotiation_falls_back_to_mjpeg_when_only_it_offers_the_size()
    {
        using var source = Open(width: 1280, height: 720);

        Assert.Equal(PixelFormat.Mjpeg, source.Format);
        Assert.Equal((1280, 720), (source.Width, source.Height));
    }

    [Fact]
    public void A_driver_without_frame_rate_control_keeps_its_own_rate()
    {
        _driver.SupportsFrameRate = false;

        using var source = Open();

        Assert.DoesNotContain("s_parm", _driver.Log);
        Assert.Equal(30, source.Fps);
    }

    [Fact]
    public void The_size_the_driver_picks_is_the_one_used()
    {
        using var source = Open(width: 300, height: 200, format: PixelFormat.Yuyv);

        Assert.Equal((320, 240), (source.Width, source.Height));
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
        Assert.Equal((320, 240), (frame.Image.Width, frame.Image.Height));
    }

    [Fact]
    public void A_format_the_device_lacks_is_a_configuration_error_naming_the_key_and_the_offer()
    {
        var source = new V4l2FrameSource(_driver.DevicePath, 640, 480, 30, PixelFormat.Nv12, _driver);

        var error = Assert.Throws<CameraConfigurationException>(source.Start);

        Assert.Contains("Camera:PixelFormat NV12", error.Message);
        Assert.Contains("MJPG, YUYV", error.Message);
        Assert.Contains("close", _driver.Log);
    }

    [Fact]
    public void A_node_that_is_not_a_streaming_capture_device_is_refused()
    {
        _driver.DeviceCaps = 0x00800000; // V4L2_CAP_META_CAPTURE only, like a UVC metadata node
        var source = new V4l2FrameSource(_driver.DevicePath, 640, 480, 30, interop: _driver);

        var error = Assert.Throws<CameraConfigurationException>(source.Start);
        Assert.Contains("not a single-planar video capture device", error.Message);
    }

    [Fact]
    public void A_missing_device_throws_with_errno()
    {
        var source = new V4l2FrameSource("/dev/video7", 640, 480, 30, interop: _driver);

        var error = Assert.Throws<V4l2Exception>(source.Start);
        Assert.Equal(V4l2Constants.ENOENT, error.Errno);
    }

    [Fact]
    public void Start_runs_the_kernel_sequence_and_stop_undoes_it()
    {
        var source = Open();
        Assert.Equal(
            ["open", "s_fmt", "s_parm", "reqbufs 4", "mmap", "mmap", "mmap", "mmap", "streamon"],
            _driver.Log);
        Assert.Equal(4, _driver.QueuedCount);

        _driver.Log.Clear();
        source.Stop();

        Assert.Equal(["streamoff", "munmap", "munmap", "munmap", "munmap", "reqbufs 0", "close"], _driver.Log);
    }

    [Fact]
    public void The_driver_stride_is_honoured()
    {
        _driver.StridePadding = 64;
        using var source = Open(format: PixelFormat.Yuyv);

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(1344, source.Stride);
        Assert.Equal(1344, frame.Image.Stride);
        Assert.Equal(1344 * 480, frame.Image.Data.Length);
    }

    [Fact]
    public unsafe void A_frame_is_a_view_of_the_mapped_buffer_not_a_copy()
    {
        using var source = Open();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        var address = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(frame.Image.Data));
        Assert.Equal(_driver.Buffers[0].Address, address);
        Assert.Equal(3, _driver.QueuedCount);
        source.Release();
        Assert.Equal(4, _driver.QueuedCount);
    }

    [Fact]
    public void Sequence_and_monotonic_timestamp_come_from_the_driver()
    {
        using var source = Open();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

            long micros = (FakeV4l2Driver.FirstTimestampSeconds * 1_000_000) + (i * FakeV4l2Driver.FrameMicroseconds);
            long expectedTicks = ((micros / 1_000_000) * Stopwatch.Frequency) + ((micros % 1_000_000) * Stopwatch.Frequency / 1_000_000);
            Assert.Equal(i, frame.Sequence);
            Assert.Equal(expectedTicks, frame.Timestamp);
            Assert.Equal((byte)i, frame.Image.Data[0]);
            source.Release();
        }
    }

    [Fact]
    public void A_gap_in_sequence_numbers_counts_dropped_frames()
    {
        using var source = Open();
        AcquireAndRelease(source);
        _driver.DropFrames(3);

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(4, frame.Sequence);
        Assert.Equal(3, source.DroppedFrames);
    }

    [Fact]
    public void When_several_frames_wait_the_newest_is_handed_out_and_the_older_requeued()
    {
        using var source = Open();
        AcquireAndRelease(source);
        _driver.FillBuffers(3);

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(3, frame.Sequence);
        Assert.Equal((byte)3, frame.Image.Data[0]);
        Assert.Equal(2, source.StaleFrames);
        Assert.Equal(0, source.DroppedFrames);
        Assert.Equal(3, _driver.QueuedCount);
    }

    [Fact]
    public void A_truncated_frame_is_skipped_counted_and_requeued()
    {
        using var source = Open();
        _driver.TruncateNextFrame(1000);

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(1, frame.Sequence);
        Assert.Equal(1, source.SkippedFrames);
        Assert.Equal(3, _driver.QueuedCount);
    }

    [Fact]
    public void A_frame_flagged_as_erroneous_is_skipped()
    {
        using var source = Open();
        _driver.FlagNextFrameAsError();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(1, frame.Sequence);
        Assert.Equal(1, source.SkippedFrames);
    }

    [Fact]
    public void Unplugging_reports_lost_with_enodev_and_stop_still_succeeds()
    {
        var source = Open();
        AcquireAndRelease(source);
        _driver.Unplug();

        Assert.Equal(FrameWaitResult.Lost, source.TryAcquire(Wait, out _));

        Assert.Contains("errno 19", source.LastError);
        source.Stop();
        Assert.Equal("close", _driver.Log[^1]);
    }

    [Fact]
    public void No_frames_within_the_timeout_is_a_timeout()
    {
        using var source = Open();
        _driver.Producing = false;

        Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(TimeSpan.FromMilliseconds(30), out _));
    }

    [Fact]
    public void Acquiring_twice_without_release_is_a_programming_error()
    {
        using var source = Open();
        AcquireAndRelease(source);
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out _));

        Assert.Throws<InvalidOperationException>(() => source.TryAcquire(Wait, out _));
    }

    [Fact]
    public void Mjpeg_frames_are_decoded_to_rgb24()
    {
        _driver.Formats.RemoveAt(1);
        _driver.JpegFrame = Jpeg(640, 480, new SKColor(200, 40, 40));
        using var source = Open();

        Assert.Equal(PixelFormat.Mjpeg, source.Format);
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(PixelFormat.Rgb24, frame.Image.Format);
        Assert.Equal((640, 480), (frame.Image.Width, frame.Image.Height));
        Assert.InRange(frame.Image.Data[0], 190, 210);
        Assert.InRange(frame.Image.Data[1], 30, 50);
    }

    [Fact]
    public void Undecodable_mjpeg_frames_are_skipped_and_the_timeout_still_holds()
    {
        _driver.Formats.RemoveAt(1);
        using var source = Open();

        // Without a JPEG payload the fake fills buffers with plain bytes, which no decoder accepts.
        Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(TimeSpan.FromMilliseconds(50), out _));

        Assert.True(source.SkippedFrames > 0);
        Assert.Equal(4, _driver.QueuedCount);
    }

    internal static byte[] Jpeg(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    private static void AcquireAndRelease(V4l2FrameSource source)
    {
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out _));
        source.Release();
    }

    private V4l2FrameSource Open(int width = 640, int height = 480, PixelFormat? format = null)
    {
        var source = new V4l2FrameSource(_driver.DevicePath, width, height, 30, format, _driver);
        source.Start();
        return source;
    }
}
