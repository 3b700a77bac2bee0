using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;

namespace EdgeClassifier.Tests.Camera;

public class SyntheticFrameSourceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_same_frame_number_is_always_the_same_bytes_and_the_pattern_moves()
    {
        var first = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Rgb24), frames: 3);
        var second = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Rgb24), frames: 3);

        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
        Assert.NotEqual(first[1], first[2]);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, 640 * 480 * 3)]
    [InlineData(PixelFormat.Bgr24, 640 * 480 * 3)]
    [InlineData(PixelFormat.Yuyv, 640 * 480 * 2)]
    [InlineData(PixelFormat.Uyvy, 640 * 480 * 2)]
    [InlineData(PixelFormat.Nv12, 640 * 480 * 3 / 2)]
    [InlineData(PixelFormat.Yuv420, 640 * 480 * 3 / 2)]
    [InlineData(PixelFormat.Grey, 640 * 480)]
    public void Every_uncompressed_format_has_its_frame_size(PixelFormat format, int bytes)
    {
        using var source = new SyntheticFrameSource(640, 480, 1000, format);
        source.Start();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));

        Assert.Equal(format, frame.Image.Format);
        Assert.Equal(bytes, frame.Image.Data.Length);
        Assert.Equal(format.MinimumStride(640), frame.Image.Stride);
    }

    [Fact]
    public void Odd_sizes_work_for_the_4_2_0_planar_layout()
    {
        using var source = new SyntheticFrameSource(33, 17, 1000, PixelFormat.Yuv420);
        source.Start();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
        Assert.Equal((33 * 17) + (2 * 17 * 9), frame.Image.Data.Length);
    }

    [Fact]
    public void The_formats_encode_the_same_picture()
    {
        // Pixel (0,0) of frame 0 is R=0, G=0, B=48 (see TestPattern): BT.601 limited-range Y=21. Its 2x2 chroma block
        // averages to R=2, G=2, B=48: U=148, V=125.
        var rgb = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Rgb24), frames: 1)[0];
        var bgr = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Bgr24), frames: 1)[0];
        var yuyv = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Yuyv), frames: 1)[0];
        var nv12 = Capture(new SyntheticFrameSource(64, 48, 1000, PixelFormat.Nv12), frames: 1)[0];

        Assert.Equal([0, 0, 48], rgb[..3]);
        Assert.Equal([48, 0, 0], bgr[..3]);
        Assert.Equal(21, yuyv[0]);
        Assert.Equal(21, nv12[0]);
        Assert.Equal(148, nv12[64 * 48]);
        Assert.Equal(125, nv12[(64 * 48) + 1]);
    }

    [Fact]
    public void Mjpeg_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SyntheticFrameSource(64, 48, 30, PixelFormat.Mjpeg));
    }

    private static List<byte[]> Capture(SyntheticFrameSource source, int frames)
    {
        using (source)
        {
            source.Start();
            var captured = new List<byte[]>();
            for (int i = 0; i < frames; i++)
            {
                Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
                Assert.Equal(i, frame.Sequence);
                captured.Add(frame.Image.Data.ToArray());
                source.Release();
            }

            return captured;
        }
    }
}
