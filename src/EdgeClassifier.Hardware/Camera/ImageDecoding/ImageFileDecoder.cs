using SkiaSharp;

namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>
/// Decodes JPEG, PNG, BMP and WebP files to RGB24 with SkiaSharp. Pixels are decoded as unpremultiplied RGBA with no
/// colour-space conversion and the alpha dropped, so BMP decodes are exact and reproduce reference input hashes.
/// </summary>
public static class ImageFileDecoder
{
    /// <summary>Decodes a file.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, empty, unreadable or not a supported image.</exception>
    public static DecodedImage Decode(string path)
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

        return Decode(bytes, path);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> appears in error messages.</summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> encoded, string name)
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
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        byte[] rgba = new byte[width * height * 4];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = rgba)
            {
                result = codec.GetPixels(info, (IntPtr)pixels);
            }
        }

        if (result != SKCodecResult.Success)
        {
            throw new ImageDecodeException(name, result == SKCodecResult.IncompleteInput
                ? "the image data is truncated"
                : $"the image data is corrupt ({result})");
        }

        byte[] rgb = new byte[width * height * 3];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }

        return new DecodedImage(rgb, width, height);
    }
}
