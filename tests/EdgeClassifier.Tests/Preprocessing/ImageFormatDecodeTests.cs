using EdgeClassifier.Hardware.Camera.ImageDecoding;
using SkiaSharp;

namespace EdgeClassifier.Tests.Preprocessing;

/// <summary>Lossless PNG and WebP encodings of a shared photo decode to exactly the pixels of the BMP original.</summary>
public class ImageFormatDecodeTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, ".png")]
    [InlineData(SKEncodedImageFormat.Webp, ".webp")]
    public void Lossless_encodings_decode_to_the_same_pixels(SKEncodedImageFormat format, string extension)
    {
        using var dir = new TempDirectory();
        DecodedImage original = ImageFileDecoder.Decode(SharedAssets.Image("dragonfly.bmp"));
        using (var bitmap = SKBitmap.Decode(SharedAssets.Image("dragonfly.bmp")))
        using (var image = SKImage.FromBitmap(bitmap))
        using (SKData encoded = image.Encode(format, 100))
        {
            File.WriteAllBytes(dir.File("copy" + extension), encoded.ToArray());
        }

        DecodedImage copy = ImageFileDecoder.Decode(dir.File("copy" + extension));

        Assert.Equal((original.Width, original.Height), (copy.Width, copy.Height));
        Assert.True(original.Rgb.AsSpan().SequenceEqual(copy.Rgb), $"{extension} pixels differ from the BMP");
    }
}
