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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, not an image, or truncated.</exception>
    public static DecodedImage Decode(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        }

        if (file.Length == 0)
        {
            throw new InvalidDataException($"Image file '{path}' is empty.");
        }

        using var codec = SKCodec.Create(path, out var result)
            ?? throw new InvalidDataException($"Image file '{path}' is not a JPEG, PNG, BMP or WebP image ({result}).");
        var rgba = new byte[codec.Info.Width * codec.Info.Height * 4];
        var decodeResult = DecodeRgba(codec, rgba);
        if (decodeResult != SKCodecResult.Success)
        {
            throw new InvalidDataException($"Image file '{path}' is corrupt or truncated ({decodeResult}).");
        }

        var rgb = new byte[codec.Info.Width * codec.Info.Height * 3];
        DropAlpha(rgba, rgb);
        return new DecodedImage(rgb, codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// Decodes the codec's whole image into <paramref name="rgba"/> (at least width × height × 4 bytes) as
    /// unpremultiplied RGBA8888; a null colour space in the target info tells Skia not to convert colours.
    /// </summary>
    internal static unsafe SKCodecResult DecodeRgba(SKCodec codec, byte[] rgba)
    {
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
}
