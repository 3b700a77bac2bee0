namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>An image decoded to packed RGB24.</summary>
/// <param name="Rgb">Width × height × 3 bytes, rows top to bottom, no padding.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record DecodedImage(byte[] Rgb, int Width, int Height)
{
    /// <summary>A view of the pixels for preprocessing.</summary>
    public ImageView View => new(Rgb, PixelFormat.Rgb24, Width, Height);
}
