using SkiaSharp;

namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>
/// Decodes JPEG, PNG, BMP and WebP files to RGB24 exactly as the reference preprocessing does (SkiaSharp SKCodec to
/// RGBA8888 unpremultiplied, no colour-space conversion, alpha dropped), so decoded bytes reproduce the reference
/// hashes in <c>shared/models/expected.json</c>.
/// </summary>
public static class ImageFileDecoder
{
    /// <summary>File extensions (lower case, with the dot) this decoder reads.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    /// <summary>True when the file name has one of the <see cref="SupportedExtensions"/>.</summary>
    public static bool IsSupported(string path) =>
        SupportedExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Decodes one image file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="transparent">What transparent pixels become.</param>
    /// <param name="maxPixels">The largest image (width × height) to allocate for; see <see cref="ImageSizeLimit"/>.</param>
    /// <exception cref="ImageDecodeException">
    /// The file is missing, empty, unreadable, not an image, truncated, or larger than <paramref name="maxPixels"/>.
    /// </exception>
    public static DecodedImage Decode(
        string path, TransparentPixels transparent = TransparentPixels.Dropped, long maxPixels = ImageSizeLimit.DefaultMaxPixels)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, ex is FileNotFoundException or DirectoryNotFoundException
                ? "file not found"
                : $"cannot read it ({ex.Message})", ex);
        }

        return Decode(bytes, path, transparent, maxPixels);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> appears in error messages.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="name">The name used in error messages.</param>
    /// <param name="transparent">What transparent pixels become.</param>
    /// <param name="maxPixels">The largest image (width × height) to allocate for; see <see cref="ImageSizeLimit"/>.</param>
    /// <exception cref="ImageDecodeException">The data is empty, not an image, truncated, or larger than <paramref name="maxPixels"/>.</exception>
    public static DecodedImage Decode(
        ReadOnlySpan<byte> encoded, string name, TransparentPixels transparent = TransparentPixels.Dropped,
        long maxPixels = ImageSizeLimit.DefaultMaxPixels)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException(name, "the file is empty");
        }

        using var data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out SKCodecResult createResult)
            ?? throw new ImageDecodeException(name, $"not a supported image (JPEG, PNG, BMP, WebP): {createResult}");
        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if (ImageSizeLimit.Check(width, height, maxPixels) is { } tooLarge)
        {
            throw new ImageDecodeException(name, tooLarge);
        }

        byte[] rgba = new byte[checked(width * height * 4)];
        SKCodecResult result = DecodeRgba(codec, rgba);
        if (result != SKCodecResult.Success)
        {
            throw new ImageDecodeException(name, result == SKCodecResult.IncompleteInput
                ? "the image data is truncated"
                : $"the image data is corrupt ({result})");
        }

        byte[] rgb = new byte[checked(width * height * 3)];
        if (transparent == TransparentPixels.OnWhite)
        {
            BlendOnWhite(rgba, rgb);
        }
        else
        {
            DropAlpha(rgba, rgb);
        }

        return new DecodedImage(rgb, width, height);
    }

    /// <summary>
    /// Decodes the codec's whole image into <paramref name="rgba"/> as unpremultiplied RGBA8888; a null colour space
    /// in the target info tells Skia not to convert colours. Skia writes width × height × 4 bytes wherever it is
    /// pointed, so a buffer smaller than that is refused here rather than overrun.
    /// </summary>
    internal static unsafe SKCodecResult DecodeRgba(SKCodec codec, byte[] rgba)
    {
        if ((long)codec.Info.Width * codec.Info.Height * 4 > rgba.Length)
        {
            throw new ArgumentException("The RGBA buffer is smaller than the image.", nameof(rgba));
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        fixed (byte* pixels = rgba)
        {
            return codec.GetPixels(info, (IntPtr)pixels);
        }
    }

    /// <summary>Copies R, G, B of each RGBA pixel into packed RGB.</summary>
    internal static void DropAlpha(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        int pixels = rgb.Length / 3;
        for (int i = 0; i < pixels; i++)
        {
            rgb[3 * i] = rgba[4 * i];
            rgb[(3 * i) + 1] = rgba[(4 * i) + 1];
            rgb[(3 * i) + 2] = rgba[(4 * i) + 2];
        }
    }

    /// <summary>Blends each unpremultiplied RGBA pixel onto white into packed RGB.</summary>
    internal static void BlendOnWhite(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        int pixels = rgb.Length / 3;
        for (int i = 0; i < pixels; i++)
        {
            int alpha = rgba[(4 * i) + 3];
            for (int c = 0; c < 3; c++)
            {
                rgb[(3 * i) + c] = (byte)(((rgba[(4 * i) + c] * alpha) + (255 * (255 - alpha)) + 127) / 255);
            }
        }
    }
}
