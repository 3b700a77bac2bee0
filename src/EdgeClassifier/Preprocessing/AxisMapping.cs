namespace EdgeClassifier.Preprocessing;

/// <summary>The two source pixels one output coordinate blends, and the weight of the second.</summary>
internal readonly record struct AxisSample(int Lo, int Hi, float Weight);

/// <summary>
/// Maps one axis of the resized image onto the source with half-pixel centres:
/// <c>src = start + (dst - contentStart + 0.5) * scale - 0.5</c>, neighbours clamped to the image. With no region,
/// no crop and no padding this is exactly TFLite's RESIZE_BILINEAR(half_pixel_centers=true) coordinate rule.
/// </summary>
internal readonly struct AxisMapping
{
    private readonly float _sourceStart;
    private readonly float _scale;
    private readonly int _sourceSize;

    public AxisMapping(float sourceStart, float sourceLength, int contentStart, int contentLength, int sourceSize)
    {
        _sourceStart = sourceStart;
        _scale = sourceLength / contentLength;
        _sourceSize = sourceSize;
        ContentStart = contentStart;
        ContentLength = contentLength;
    }

    /// <summary>First target coordinate that shows the image (the rest is letterbox padding).</summary>
    public int ContentStart { get; }

    /// <summary>Number of target coordinates that show the image.</summary>
    public int ContentLength { get; }

    public bool IsContent(int target) => target >= ContentStart && target < ContentStart + ContentLength;

    public AxisSample Sample(int target)
    {
        float source = _sourceStart + (((target - ContentStart) + 0.5f) * _scale) - 0.5f;
        int lo = Math.Max((int)MathF.Floor(source), 0);
        int hi = Math.Min((int)MathF.Ceiling(source), _sourceSize - 1);
        return new AxisSample(lo, hi, source - lo);
    }
}
