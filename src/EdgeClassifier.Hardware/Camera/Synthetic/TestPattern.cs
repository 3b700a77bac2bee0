namespace EdgeClassifier.Hardware.Camera.Synthetic;

/// <summary>
/// A deterministic moving RGB test pattern: colour gradients that scroll with time plus a white square sweeping
/// across the middle. Frame <c>n</c> at a given size is always the same bytes.
/// </summary>
public static class TestPattern
{
    /// <summary>Draws frame number <paramref name="frameNumber"/> into <paramref name="rgb"/> (width × height × 3 bytes).</summary>
    public static void Draw(long frameNumber, int width, int height, Span<byte> rgb)
    {
        int t = (int)(frameNumber % 65536);
        int side = Math.Max(1, Math.Min(width, height) / 4);
        int boxLeft = (t * 4) % Math.Max(1, width);
        int boxTop = (height - side) / 2;
        for (int y = 0; y < height; y++)
        {
            var row = rgb.Slice(y * width * 3, width * 3);
            bool inBoxRows = y >= boxTop && y < boxTop + side;
            byte green = (byte)((y * 256 / height) & 0xff);
            for (int x = 0; x < width; x++)
            {
                int o = 3 * x;

                // The box wraps around the right edge, so it is always whole in the picture's width.
                bool inBox = inBoxRows && ((x - boxLeft + width) % width) < side;
                if (inBox)
                {
                    row[o] = row[o + 1] = row[o + 2] = 255;
                    continue;
                }

                row[o] = (byte)(((x * 256 / width) + (3 * t)) & 0xff);
                row[o + 1] = green;
                row[o + 2] = (byte)((((x + y) / 16) + t) % 2 == 0 ? 48 : 176);
            }
        }
    }
}
