using EdgeClassifier.Hardware.Camera.ImageDecoding;
using SkiaSharp;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>
/// Image files as <c>classify</c>, <c>eval</c>, <c>train</c> and the files camera read them: SkiaSharp's decoders
/// behind the pixel limit. Bad input is documented as <see cref="ImageDecodeException"/>.
/// </summary>
internal sealed class ImageTarget : IFuzzTarget
{
    // A low limit keeps each run fast; the limit check is what matters, not the size it guards.
    private const long MaxPixels = 1 << 20;

    public void Run(Stream input)
    {
        try
        {
            ImageFileDecoder.Decode(FuzzTargets.ReadAll(input), "fuzz", maxPixels: MaxPixels);
        }
        catch (ImageDecodeException)
        {
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("small.png", SeedImages.Encode(SKEncodedImageFormat.Png, 8, 6)),
        ("small.jpg", SeedImages.Encode(SKEncodedImageFormat.Jpeg, 16, 8)),
        ("small.webp", SeedImages.Encode(SKEncodedImageFormat.Webp, 8, 8)),
        ("small.bmp", SeedImages.Bmp(5, 3)),
    ];
}
