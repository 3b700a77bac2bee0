using SkiaSharp;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// What a camera pointed at a scene delivers, made from a shared photo: frames framed and lit differently from the
/// photo (a shifted, zoomed crop at a lower or higher exposure), at a camera-like 320 pixels wide. The <c>files</c>
/// source replays them as the device's frames.
/// </summary>
public static class CameraFrames
{
    private const int Width = 320;

    // (left, top, right, bottom) as fractions of the photo, and the exposure (1 = as photographed).
    private static readonly (float L, float T, float R, float B, float Exposure)[] Shots =
    [
        (0.05f, 0.08f, 0.95f, 0.98f, 0.7f),
        (0.15f, 0f, 1f, 0.85f, 1.25f),
        (0f, 0.12f, 0.85f, 1f, 0.85f),
    ];

    /// <summary>Frames per photo.</summary>
    public static int PerPhoto => Shots.Length;

    /// <summary>Writes <c>{name}-{k}.jpg</c> for each shot of <paramref name="photo"/> into <paramref name="folder"/>.</summary>
    public static string[] Write(string photo, string name, string folder)
    {
        Directory.CreateDirectory(folder);
        using SKBitmap source = SKBitmap.Decode(photo) ?? throw new InvalidOperationException($"cannot decode {photo}");
        using var image = SKImage.FromBitmap(source);
        var written = new List<string>();
        for (int k = 0; k < Shots.Length; k++)
        {
            var (l, t, r, b, exposure) = Shots[k];
            var crop = SKRectI.Round(new SKRect(l * source.Width, t * source.Height, r * source.Width, b * source.Height));
            int height = Math.Max(1, crop.Height * Width / crop.Width);
            string path = Path.Combine(folder, $"{name}-{k}.jpg");
            Models.PhotoVariants.WriteCrop(image, crop, Width, height, path, exposure: exposure);
            written.Add(path);
        }

        return written.ToArray();
    }
}
