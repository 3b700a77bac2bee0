using SkiaSharp;

namespace EdgeClassifier.Tests.Models;

/// <summary>
/// Writes crops and flips of a photo as JPEG files, the way a user would build a small dataset from a few shots.
/// Variants are downscaled to at most <see cref="MaxSide"/> pixels so the files stay small and quick to decode.
/// </summary>
public static class PhotoVariants
{
    public const int MaxSide = 320;

    // (left, top, right, bottom) as fractions of the photo, and whether to mirror it.
    private static readonly (float L, float T, float R, float B, bool Flip)[] Variants =
    [
        (0f, 0f, 1f, 1f, false),
        (0.1f, 0.1f, 0.9f, 0.9f, false),
        (0f, 0f, 0.8f, 0.8f, false),
        (0.2f, 0.2f, 1f, 1f, false),
        (0f, 0f, 1f, 1f, true),
        (0.05f, 0.1f, 0.9f, 0.95f, true),
    ];

    /// <summary>Writes the variants of <paramref name="photo"/> into <paramref name="folder"/>; returns their paths.</summary>
    public static string[] Write(string photo, string folder)
    {
        Directory.CreateDirectory(folder);
        using SKBitmap source = SKBitmap.Decode(photo) ?? throw new InvalidOperationException($"cannot decode {photo}");
        using var image = SKImage.FromBitmap(source);
        string name = Path.GetFileNameWithoutExtension(photo);
        var written = new List<string>();
        for (int v = 0; v < Variants.Length; v++)
        {
            var (l, t, r, b, flip) = Variants[v];
            var crop = SKRectI.Round(new SKRect(l * source.Width, t * source.Height, r * source.Width, b * source.Height));
            float scale = Math.Min(1f, (float)MaxSide / Math.Max(crop.Width, crop.Height));
            int width = Math.Max(1, (int)(crop.Width * scale));
            int height = Math.Max(1, (int)(crop.Height * scale));
            string path = Path.Combine(folder, $"{name}_v{v}.jpg");
            WriteCrop(image, crop, width, height, path, flip);
            written.Add(path);
        }

        return written.ToArray();
    }

    /// <summary>
    /// Writes <paramref name="crop"/> of <paramref name="image"/> scaled to <paramref name="width"/> × <paramref name="height"/>
    /// as a JPEG, mirrored when <paramref name="flip"/>, its colours multiplied by <paramref name="exposure"/>.
    /// </summary>
    public static void WriteCrop(SKImage image, SKRectI crop, int width, int height, string path, bool flip = false, float exposure = 1f)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        if (flip)
        {
            canvas.Scale(-1, 1, width / 2f, 0);
        }

        // No paint at all at the photo's own exposure: the variants stay exactly as they were drawn before exposures.
        using SKPaint? paint = exposure == 1f ? null : new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                exposure, 0, 0, 0, 0,
                0, exposure, 0, 0, 0,
                0, 0, exposure, 0, 0,
                0, 0, 0, 1, 0,
            ]),
        };
        canvas.DrawImage(image, crop, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear), paint);
        using SKImage snapshot = surface.Snapshot();
        using SKData jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        File.WriteAllBytes(path, jpeg.ToArray());
    }
}
