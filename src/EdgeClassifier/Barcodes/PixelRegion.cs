namespace EdgeClassifier.Barcodes;

/// <summary>A rectangle of a frame in whole pixels: where the barcode reader looks.</summary>
/// <param name="Left">First column.</param>
/// <param name="Top">First row.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct PixelRegion(int Left, int Top, int Width, int Height)
{
    /// <summary>
    /// The pixels a normalised <c>[x1, y1, x2, y2]</c> region covers in a <paramref name="frameWidth"/> ×
    /// <paramref name="frameHeight"/> frame; the whole frame when <paramref name="normalised"/> is null or empty.
    /// </summary>
    public static PixelRegion Of(float[]? normalised, int frameWidth, int frameHeight)
    {
        if (normalised is not { Length: 4 })
        {
            return new PixelRegion(0, 0, frameWidth, frameHeight);
        }

        int left = Math.Clamp((int)MathF.Floor(normalised[0] * frameWidth), 0, frameWidth - 1);
        int top = Math.Clamp((int)MathF.Floor(normalised[1] * frameHeight), 0, frameHeight - 1);
        int right = Math.Clamp((int)MathF.Ceiling(normalised[2] * frameWidth), left + 1, frameWidth);
        int bottom = Math.Clamp((int)MathF.Ceiling(normalised[3] * frameHeight), top + 1, frameHeight);
        return new PixelRegion(left, top, right - left, bottom - top);
    }
}
