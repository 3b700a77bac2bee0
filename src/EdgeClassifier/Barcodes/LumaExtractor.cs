using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Copies the brightness of a rectangle of a camera frame into a tightly packed 8-bit buffer, the only input a barcode
/// reader needs. YUV frames already carry it (the Y plane of NV12/I420/GREY, every second byte of YUYV/UYVY), so
/// those are plain copies; RGB and BGR go through the BT.601 luma weights.
/// </summary>
public static class LumaExtractor
{
    // BT.601 luma weights scaled by 256 (77 + 150 + 29 = 256), the same mix cameras use for Y.
    private const int RedWeight = 77;
    private const int GreenWeight = 150;
    private const int BlueWeight = 29;

    /// <summary>
    /// Writes the luma of <paramref name="region"/> of <paramref name="image"/> row by row into
    /// <paramref name="destination"/> (at least region width × height bytes).
    /// </summary>
    public static void Extract(ImageView image, PixelRegion region, Span<byte> destination)
    {
        ReadOnlySpan<byte> data = image.Data;
        int width = region.Width;
        for (int y = 0; y < region.Height; y++)
        {
            int rowStart = ((region.Top + y) * image.Stride);
            Span<byte> target = destination.Slice(y * width, width);
            switch (image.Format)
            {
                case PixelFormat.Grey or PixelFormat.Nv12 or PixelFormat.Yuv420:
                    data.Slice(rowStart + region.Left, width).CopyTo(target);
                    break;
                case PixelFormat.Yuyv:
                    EverySecondByte(data.Slice(rowStart + (2 * region.Left), 2 * width), target);
                    break;
                case PixelFormat.Uyvy:
                    EverySecondByte(data.Slice(rowStart + (2 * region.Left) + 1, (2 * width) - 1), target);
                    break;
                case PixelFormat.Rgb24:
                    Weighted(data.Slice(rowStart + (3 * region.Left), 3 * width), target, RedWeight, BlueWeight);
                    break;
                case PixelFormat.Bgr24:
                    Weighted(data.Slice(rowStart + (3 * region.Left), 3 * width), target, BlueWeight, RedWeight);
                    break;
                default:
                    throw new ArgumentException($"No luma can be read from {image.Format} frames.", nameof(image));
            }
        }
    }

    private static void EverySecondByte(ReadOnlySpan<byte> source, Span<byte> target)
    {
        for (int x = 0; x < target.Length; x++)
        {
            target[x] = source[2 * x];
        }
    }

    private static void Weighted(ReadOnlySpan<byte> source, Span<byte> target, int firstWeight, int thirdWeight)
    {
        for (int x = 0; x < target.Length; x++)
        {
            int i = 3 * x;
            target[x] = (byte)(((firstWeight * source[i]) + (GreenWeight * source[i + 1]) + (thirdWeight * source[i + 2]) + 128) >> 8);
        }
    }
}
