namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>An image decoded to packed 8-bit RGB, <paramref name="Width"/> × <paramref name="Height"/> × 3 bytes.</summary>
/// <param name="Rgb">The pixels, row-major, R G B per pixel, no row padding.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record DecodedImage(byte[] Rgb, int Width, int Height)
{
    /// <summary>A view of the pixels for preprocessing.</summary>
    public ImageView View => new(Rgb, PixelFormat.Rgb24, Width, Height);
}
