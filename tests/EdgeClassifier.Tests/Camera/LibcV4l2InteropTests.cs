using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

/// <summary>
/// The real system calls, against device nodes every Linux machine has (there is no camera here): errors must come
/// back as <c>-errno</c> and the capture code must turn them into clear failures.
/// </summary>
public class LibcV4l2InteropTests
{
    private static readonly LibcV4l2Interop Libc = LibcV4l2Interop.Instance;

    [Fact]
    public void Opening_a_missing_node_returns_minus_enoent()
    {
        Assert.Equal(-V4l2Constants.ENOENT, Libc.Open("/dev/video-does-not-exist"));
    }

    [Fact]
    public unsafe void A_v4l2_ioctl_on_a_non_video_device_returns_minus_enotty()
    {
        int fd = Libc.Open("/dev/null");
        Assert.True(fd >= 0, $"open /dev/null: {fd}");
        try
        {
            var cap = default(V4l2Capability);
            Assert.Equal(-V4l2Constants.ENOTTY, Libc.Ioctl(fd, V4l2Ioctl.QueryCap, &cap));
            Assert.Equal(IntPtr.Zero, Libc.Mmap(fd, 4096, 0, out int error));
            Assert.NotEqual(0, error);
        }
        finally
        {
            Assert.Equal(0, Libc.Close(fd));
        }
    }

    [Fact]
    public void Poll_reports_readiness_bits()
    {
        int fd = Libc.Open("/dev/zero");
        try
        {
            Assert.Equal(V4l2Constants.PollIn, Libc.Poll(fd, 10) & V4l2Constants.PollIn);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    [Fact]
    public void Capture_from_a_node_that_is_not_v4l2_fails_cleanly_and_the_catalog_skips_it()
    {
        var source = new V4l2FrameSource("/dev/null", 640, 480, 30);

        var error = Assert.Throws<V4l2Exception>(source.Start);

        Assert.Equal(V4l2Constants.ENOTTY, error.Errno);
        Assert.Contains("VIDIOC_QUERYCAP", error.Message);
        Assert.Equal(FrameWaitResult.Lost, source.TryAcquire(TimeSpan.Zero, out _));
        Assert.Empty(VideoDeviceCatalog.List(["/dev/null", "/dev/video-does-not-exist"]));
    }
}
