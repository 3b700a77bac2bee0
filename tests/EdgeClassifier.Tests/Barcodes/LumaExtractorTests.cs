using EdgeClassifier.Barcodes;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Tests.Barcodes;

public class LumaExtractorTests
{
    private const int Width = 6;
    private const int Height = 4;

    [Theory]
    [InlineData(PixelFormat.Grey, 0)]
    [InlineData(PixelFormat.Grey, 3)]
    [InlineData(PixelFormat.Nv12, 0)]
    [InlineData(PixelFormat.Nv12, 2)]
    [InlineData(PixelFormat.Yuv420, 0)]
    [InlineData(PixelFormat.Yuyv, 0)]
    [InlineData(PixelFormat.Yuyv, 4)]
    [InlineData(PixelFormat.Uyvy, 0)]
    [InlineData(PixelFormat.Rgb24, 0)]
    [InlineData(PixelFormat.Rgb24, 5)]
    [InlineData(PixelFormat.Bgr24, 0)]
    public void Every_format_gives_the_same_luma_whole_and_in_a_region(PixelFormat format, int padding)
    {
        byte[] luma = [.. Enumerable.Range(0, Width * Height).Select(i => (byte)((i * 37) % 256))];
        int stride = format.MinimumStride(Width) + padding;
        byte[] frame = Encode(luma, format, stride);
        var image = new LumaImage();

        image.CopyFrom(new ImageView(frame, format, Width, Height, stride), null, 7, DateTimeOffset.UnixEpoch);
        Assert.Equal(luma, image.Pixels);
        Assert.Equal((Width, Height, 7L), (image.Width, image.Height, image.Sequence));

        // [x1, y1, x2, y2] = [0.5, 0.25, 1, 0.75] of 6x4 is columns 3..5, rows 1..2.
        image.CopyFrom(new ImageView(frame, format, Width, Height, stride), [0.5f, 0.25f, 1f, 0.75f], 8, DateTimeOffset.UnixEpoch);
        Assert.Equal(new PixelRegion(3, 1, 3, 2), image.Region);
        Assert.Equal([luma[9], luma[10], luma[11], luma[15], luma[16], luma[17]], image.Pixels);
    }

    [Fact]
    public void Rgb_uses_the_bt601_weights()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255];
        var image = new LumaImage();
        image.CopyFrom(new ImageView(rgb, PixelFormat.Rgb24, 3, 1), null, 0, DateTimeOffset.UnixEpoch);
        Assert.Equal([77, 149, 29], image.Pixels);
    }

    /// <summary>A frame of <paramref name="format"/> whose luma is <paramref name="luma"/> (grey RGB, neutral chroma).</summary>
    private static byte[] Encode(byte[] luma, PixelFormat format, int stride)
    {
        byte[] frame = new byte[format.FrameSize(Height, stride)];
        Array.Fill(frame, (byte)128);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                byte v = luma[(y * Width) + x];
                int row = y * stride;
                switch (format)
                {
                    case PixelFormat.Yuyv:
                        frame[row + (2 * x)] = v;
                        break;
                    case PixelFormat.Uyvy:
                        frame[row + (2 * x) + 1] = v;
                        break;
                    case PixelFormat.Rgb24 or PixelFormat.Bgr24:
                        frame[row + (3 * x)] = frame[row + (3 * x) + 1] = frame[row + (3 * x) + 2] = v;
                        break;
                    default:
                        frame[row + x] = v;
                        break;
                }
            }
        }

        return frame;
    }
}
