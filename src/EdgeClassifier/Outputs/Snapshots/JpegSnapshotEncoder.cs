using SkiaSharp;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>Encodes an RGB24 frame as a JPEG of the configured width and quality (SkiaSharp).</summary>
public sealed class JpegSnapshotEncoder
{
    private readonly int _width;
    private readonly int _quality;

    /// <summary>Creates an encoder; <paramref name="width"/> 0 keeps the frame's width.</summary>
    public JpegSnapshotEncoder(int width, int quality)
    {
        _width = width;
        _quality = quality;
    }

    /// <summary>The JPEG bytes of <paramref name="frame"/>, scaled to the configured width (never enlarged).</summary>
    public byte[] Encode(SnapshotFrame frame)
    {
        using var source = new SKBitmap(new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        ExpandToRgba(frame.Rgb24, source);

        int width = _width == 0 || _width >= frame.Width ? frame.Width : _width;
        if (width == frame.Width)
        {
            return EncodeJpeg(source);
        }

        int height = Math.Max(1, (int)Math.Round((double)frame.Height * width / frame.Width));
        using var scaled = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        return EncodeJpeg(scaled);
    }

    private byte[] EncodeJpeg(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, _quality)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the snapshot as JPEG.");
        return data.ToArray();
    }

    private static unsafe void ExpandToRgba(ReadOnlySpan<byte> rgb, SKBitmap target)
    {
        // Skia has no packed 3-byte format, so the pixels get an opaque alpha byte each.
        var rgba = new Span<byte>((void*)target.GetPixels(), target.RowBytes * target.Height);
        for (int i = 0, row = 0; row < target.Height; row++)
        {
            var line = rgba.Slice(row * target.RowBytes, target.Width * 4);
            for (int x = 0; x < target.Width; x++, i++)
            {
                line[x * 4] = rgb[i * 3];
                line[(x * 4) + 1] = rgb[(i * 3) + 1];
                line[(x * 4) + 2] = rgb[(i * 3) + 2];
                line[(x * 4) + 3] = 255;
            }
        }
    }
}
