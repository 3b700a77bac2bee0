namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>
/// The largest image the decoders will allocate for. An image header states its own size, so a crafted file can ask
/// for any buffer; the size is checked against this limit, with arithmetic that cannot overflow, before anything is
/// allocated.
/// </summary>
public static class ImageSizeLimit
{
    /// <summary>The default limit, 50 megapixels (about 200 MB of RGBA while decoding).</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>The highest limit that can be configured: its RGBA buffer still fits in one array.</summary>
    public const long LargestMaxPixels = int.MaxValue / 4;

    /// <summary>
    /// Null when a <paramref name="width"/> × <paramref name="height"/> image may be decoded, else why not (a header
    /// with a non-positive side, or more pixels than <paramref name="maxPixels"/>).
    /// </summary>
    public static string? Check(int width, int height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
        {
            return $"the image header gives an impossible size {width}x{height}";
        }

        long pixels = (long)width * height;
        return pixels > Math.Min(maxPixels, LargestMaxPixels)
            ? $"the image is {width}x{height} ({pixels} pixels), more than the limit of {maxPixels} pixels (Camera:MaxImagePixels)"
            : null;
    }
}
