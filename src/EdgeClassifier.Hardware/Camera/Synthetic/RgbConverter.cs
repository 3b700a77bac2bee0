namespace EdgeClassifier.Hardware.Camera.Synthetic;

/// <summary>
/// Converts packed RGB24 into any uncompressed <see cref="PixelFormat"/> (minimum stride, no padding), with BT.601
/// limited-range YUV and chroma averaged over each 2×1 (4:2:2) or 2×2 (4:2:0) block. Used to fake camera output.
/// </summary>
public static class RgbConverter
{
    /// <summary>Bytes <see cref="Convert"/> writes for a frame of this size and format.</summary>
    public static int OutputSize(PixelFormat format, int width, int height) =>
        format.FrameSize(height, format.MinimumStride(width));

    /// <summary>Converts <paramref name="rgb"/> (width × height × 3 bytes) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">MJPEG was requested, or a buffer is too small.</exception>
    public static void Convert(ReadOnlySpan<byte> rgb, int width, int height, PixelFormat format, Span<byte> destination)
    {
        if (rgb.Length < width * height * 3 || destination.Length < OutputSize(format, width, height))
        {
            throw new ArgumentException($"Buffers too small for a {width}x{height} {format} conversion.");
        }

        if (format == PixelFormat.Nv12 && width % 2 != 0)
        {
            throw new ArgumentException($"NV12 needs an even width, got {width}.", nameof(width));
        }

        switch (format)
        {
            case PixelFormat.Rgb24:
                rgb[..(width * height * 3)].CopyTo(destination);
                break;
            case PixelFormat.Bgr24:
                ToBgr(rgb, width * height, destination);
                break;
            case PixelFormat.Grey:
                ToLuma(rgb, width * height, destination);
                break;
            case PixelFormat.Yuyv:
            case PixelFormat.Uyvy:
                ToPacked422(rgb, width, height, format == PixelFormat.Yuyv, destination);
                break;
            case PixelFormat.Nv12:
            case PixelFormat.Yuv420:
                ToPlanar420(rgb, width, height, format == PixelFormat.Nv12, destination);
                break;
            default:
                throw new ArgumentException($"Cannot produce {format} from RGB; it is a compressed format.", nameof(format));
        }
    }

    private static byte Y(int r, int g, int b) => (byte)((((66 * r) + (129 * g) + (25 * b) + 128) >> 8) + 16);

    private static byte U(int r, int g, int b) => (byte)((((-38 * r) - (74 * g) + (112 * b) + 128) >> 8) + 128);

    private static byte V(int r, int g, int b) => (byte)((((112 * r) - (94 * g) - (18 * b) + 128) >> 8) + 128);

    private static void ToBgr(ReadOnlySpan<byte> rgb, int pixels, Span<byte> bgr)
    {
        for (int i = 0; i < pixels * 3; i += 3)
        {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
    }

    private static void ToLuma(ReadOnlySpan<byte> rgb, int pixels, Span<byte> luma)
    {
        for (int i = 0; i < pixels; i++)
        {
            luma[i] = Y(rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]);
        }
    }

    private static void ToPacked422(ReadOnlySpan<byte> rgb, int width, int height, bool lumaFirst, Span<byte> packed)
    {
        int stride = width * 2;
        for (int y = 0; y < height; y++)
        {
            var row = rgb.Slice(y * width * 3, width * 3);
            var output = packed.Slice(y * stride, stride);
            for (int x = 0; x < width; x += 2)
            {
                // An odd last column pairs the pixel with itself.
                int x1 = Math.Min(x + 1, width - 1);
                int r0 = row[3 * x], g0 = row[(3 * x) + 1], b0 = row[(3 * x) + 2];
                int r1 = row[3 * x1], g1 = row[(3 * x1) + 1], b1 = row[(3 * x1) + 2];
                byte u = U((r0 + r1) / 2, (g0 + g1) / 2, (b0 + b1) / 2);
                byte v = V((r0 + r1) / 2, (g0 + g1) / 2, (b0 + b1) / 2);
                byte y0 = Y(r0, g0, b0);
                int o = 2 * x;
                if (lumaFirst)
                {
                    output[o] = y0;
                    output[o + 1] = u;
                    if (o + 3 < stride)
                    {
                        output[o + 2] = Y(r1, g1, b1);
                        output[o + 3] = v;
                    }
                }
                else
                {
                    output[o] = u;
                    output[o + 1] = y0;
                    if (o + 3 < stride)
                    {
                        output[o + 2] = v;
                        output[o + 3] = Y(r1, g1, b1);
                    }
                }
            }
        }
    }

    private static void ToPlanar420(ReadOnlySpan<byte> rgb, int width, int height, bool interleavedChroma, Span<byte> output)
    {
        ToLuma(rgb, width * height, output);
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        var chroma = output[(width * height)..];

        // NV12's UV plane keeps the luma stride; I420's U and V planes each use half of it.
        int uvStride = interleavedChroma ? width : (width + 1) / 2;
        int vPlane = uvStride * chromaHeight;
        for (int cy = 0; cy < chromaHeight; cy++)
        {
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                int r = 0, g = 0, b = 0;
                for (int dy = 0; dy < 2; dy++)
                {
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int px = Math.Min((2 * cx) + dx, width - 1);
                        int py = Math.Min((2 * cy) + dy, height - 1);
                        int i = ((py * width) + px) * 3;
                        r += rgb[i];
                        g += rgb[i + 1];
                        b += rgb[i + 2];
                    }
                }

                byte u = U(r / 4, g / 4, b / 4);
                byte v = V(r / 4, g / 4, b / 4);
                if (interleavedChroma)
                {
                    chroma[(cy * uvStride) + (2 * cx)] = u;
                    chroma[(cy * uvStride) + (2 * cx) + 1] = v;
                }
                else
                {
                    chroma[(cy * uvStride) + cx] = u;
                    chroma[vPlane + (cy * uvStride) + cx] = v;
                }
            }
        }
    }
}
