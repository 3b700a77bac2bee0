using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Hardware.Camera.Synthetic;
using SkiaSharp;

namespace EdgeClassifier.Hardware.Camera.Files;

/// <summary>
/// Turns a decoded photo into what a camera would deliver: a fixed-size frame in a camera pixel format. The photo is
/// scaled (aspect kept, bilinear) to fit the frame and centred on mid-grey, then converted with BT.601 like the
/// synthetic camera.
/// </summary>
public static class CameraFrameRenderer
{
    private const byte Background = 128;

    /// <summary>The frame bytes (minimum stride) for <paramref name="image"/> as a <paramref name="width"/> × <paramref name="height"/> <paramref name="format"/> frame.</summary>
    public static byte[] Render(DecodedImage image, PixelFormat format, int width, int height)
    {
        double scale = Math.Min((double)width / image.Width, (double)height / image.Height);
        int fitWidth = Math.Clamp((int)Math.Round(image.Width * scale), 1, width);
        int fitHeight = Math.Clamp((int)Math.Round(image.Height * scale), 1, height);
        byte[] scaled = Scale(image, fitWidth, fitHeight);

        byte[] rgb = new byte[width * height * 3];
        Array.Fill(rgb, Background);
        int left = (width - fitWidth) / 2;
        int top = (height - fitHeight) / 2;
        for (int y = 0; y < fitHeight; y++)
        {
            scaled.AsSpan(y * fitWidth * 3, fitWidth * 3).CopyTo(rgb.AsSpan((((top + y) * width) + left) * 3));
        }

        byte[] frame = new byte[RgbConverter.OutputSize(format, width, height)];
        RgbConverter.Convert(rgb, width, height, format, frame);
        return frame;
    }

    private static byte[] Scale(DecodedImage image, int width, int height)
    {
        using var source = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Span<byte> rgba = source.GetPixelSpan();
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            rgba[4 * i] = image.Rgb[3 * i];
            rgba[(4 * i) + 1] = image.Rgb[(3 * i) + 1];
            rgba[(4 * i) + 2] = image.Rgb[(3 * i) + 2];
            rgba[(4 * i) + 3] = 255;
        }

        using SKBitmap scaled = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidDataException($"cannot scale a {image.Width}x{image.Height} image to {width}x{height}");
        ReadOnlySpan<byte> scaledRgba = scaled.GetPixelSpan();
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            rgb[3 * i] = scaledRgba[4 * i];
            rgb[(3 * i) + 1] = scaledRgba[(4 * i) + 1];
            rgb[(3 * i) + 2] = scaledRgba[(4 * i) + 2];
        }

        return rgb;
    }
}
