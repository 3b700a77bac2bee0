namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Where in the source image to look and how to fit it into the model input. Applied in this order:
/// region of interest, then resize mode, then rotation (clockwise), then flips.
/// </summary>
public sealed record PreprocessOptions
{
    /// <summary>How the image is fitted into the input size.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;

    /// <summary>Clockwise rotation in degrees: 0, 90, 180 or 270.</summary>
    public int Rotation { get; init; }

    /// <summary>Mirror left-right after rotating.</summary>
    public bool FlipHorizontal { get; init; }

    /// <summary>Mirror top-bottom after rotating.</summary>
    public bool FlipVertical { get; init; }

    /// <summary>
    /// Optional region of the source image as normalised <c>[x1, y1, x2, y2]</c> in 0..1; null means the whole image.
    /// </summary>
    public float[]? RegionOfInterest { get; init; }

    /// <summary>The reference setting: the whole image, stretched, not rotated.</summary>
    public static PreprocessOptions Default { get; } = new();

    /// <summary>Returns the first problem with these options, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Rotation is not (0 or 90 or 180 or 270))
        {
            return $"Rotation must be 0, 90, 180 or 270 degrees, got {Rotation}.";
        }

        if (RegionOfInterest is { } roi)
        {
            if (roi.Length != 4)
            {
                return $"RegionOfInterest must be [x1, y1, x2, y2], got {roi.Length} values.";
            }

            if (roi.Any(v => !float.IsFinite(v) || v < 0f || v > 1f) || roi[0] >= roi[2] || roi[1] >= roi[3])
            {
                return $"RegionOfInterest must satisfy 0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1, got [{string.Join(", ", roi)}].";
            }
        }

        return null;
    }
}
