using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Makes varied copies of a photo for small training sets: a random crop (70–100 % of each side), a horizontal
/// flip half of the time, and a brightness change of up to ±25 %. The same random source gives the same copies,
/// which keeps cached embeddings valid.
/// </summary>
public static class ImageAugmenter
{
    private const double MinimumCropSide = 0.7;
    private const double MaximumBrightnessChange = 0.25;

    /// <summary>One augmented copy of <paramref name="image"/>.</summary>
    public static DecodedImage Augment(DecodedImage image, Random random)
    {
        int width = Math.Max(1, (int)(image.Width * (MinimumCropSide + ((1 - MinimumCropSide) * random.NextDouble()))));
        int height = Math.Max(1, (int)(image.Height * (MinimumCropSide + ((1 - MinimumCropSide) * random.NextDouble()))));
        int left = random.Next(image.Width - width + 1);
        int top = random.Next(image.Height - height + 1);
        bool flip = random.Next(2) == 1;
        float brightness = (float)(1 + (MaximumBrightnessChange * ((2 * random.NextDouble()) - 1)));

        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int sourceRow = ((top + y) * image.Width) + left;
            for (int x = 0; x < width; x++)
            {
                int source = (sourceRow + (flip ? width - 1 - x : x)) * 3;
                int target = ((y * width) + x) * 3;
                for (int c = 0; c < 3; c++)
                {
                    rgb[target + c] = (byte)Math.Clamp((int)((image.Rgb[source + c] * brightness) + 0.5f), 0, 255);
                }
            }
        }

        return new DecodedImage(rgb, width, height);
    }
}
