using SkiaSharp;

namespace EdgeClassifier.Tests.Web;

/// <summary>Tells which of the two test photos a screenshot shows, by comparing 8x8 thumbnails.</summary>
internal sealed class PhotoMatcher
{
    private readonly (string Frame, byte[] Thumb)[] _photos =
    [
        ("a_parrot", Thumb(SKBitmap.Decode(SharedAssets.Image("parrot.jpg")))),
        ("b_sunflower", Thumb(SKBitmap.Decode(SharedAssets.Image("sunflower.bmp")))),
    ];

    /// <summary>The frame name prefix of the photo an 8x8 RGBA thumbnail is closest to.</summary>
    public string Match(int[] thumb) => _photos.MinBy(p => Distance(p.Thumb, thumb)).Frame;

    private static long Distance(byte[] a, int[] b)
    {
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    private static byte[] Thumb(SKBitmap bitmap)
    {
        using SKBitmap source = bitmap;
        using SKBitmap small = source.Resize(new SKImageInfo(8, 8, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return small.Bytes;
    }
}
