using EdgeClassifier.Hardware.Camera.ImageDecoding;
using SkiaSharp;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>
/// Motion-JPEG frames as a V4L2 camera delivers them. The decoder is documented to report bad frames by returning
/// false, so it may throw nothing at all; one decoder is reused across inputs, as the camera reuses it across frames.
/// </summary>
internal sealed class MjpegTarget : IFuzzTarget
{
    private MjpegDecoder? _decoder;

    public void Run(Stream input)
    {
        _decoder ??= new MjpegDecoder(1 << 20);
        if (_decoder.TryDecode(FuzzTargets.ReadAll(input), out var image) && image.Data.Length < image.Width * image.Height * 3)
        {
            throw new InvalidOperationException($"a decoded {image.Width}x{image.Height} frame holds only {image.Data.Length} bytes");
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("frame.jpg", SeedImages.Encode(SKEncodedImageFormat.Jpeg, 16, 16)),
        ("wide.jpg", SeedImages.Encode(SKEncodedImageFormat.Jpeg, 32, 8)),
    ];
}
