namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Where each pixel of the model input comes from in the source image, for one source size and one set of
/// <see cref="PreprocessOptions"/>. The resized image ("target") is built in the source's orientation, then rotated
/// clockwise and flipped into the output; <see cref="MapOutput"/> walks that path backwards.
/// </summary>
internal sealed class SamplingGeometry
{
    private readonly int _rotation;
    private readonly bool _flipHorizontal;
    private readonly bool _flipVertical;
    private readonly int _targetWidth;
    private readonly int _targetHeight;

    private SamplingGeometry(
        int outputWidth, int outputHeight, PreprocessOptions options, AxisMapping x, AxisMapping y)
    {
        OutputWidth = outputWidth;
        OutputHeight = outputHeight;
        _rotation = options.Rotation;
        _flipHorizontal = options.FlipHorizontal;
        _flipVertical = options.FlipVertical;
        SwapsAxes = _rotation is 90 or 270;
        _targetWidth = SwapsAxes ? outputHeight : outputWidth;
        _targetHeight = SwapsAxes ? outputWidth : outputHeight;
        X = x;
        Y = y;
    }

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    /// <summary>True for 90° and 270°: output columns then walk along source rows' y axis.</summary>
    public bool SwapsAxes { get; }

    /// <summary>The source x axis as seen from the target.</summary>
    public AxisMapping X { get; }

    /// <summary>The source y axis as seen from the target.</summary>
    public AxisMapping Y { get; }

    public static SamplingGeometry Create(int sourceWidth, int sourceHeight, int outputWidth, int outputHeight, PreprocessOptions options)
    {
        bool swaps = options.Rotation is 90 or 270;
        int targetWidth = swaps ? outputHeight : outputWidth;
        int targetHeight = swaps ? outputWidth : outputHeight;

        float regionX = 0f, regionY = 0f, regionWidth = sourceWidth, regionHeight = sourceHeight;
        if (options.RegionOfInterest is { } roi)
        {
            regionX = roi[0] * sourceWidth;
            regionY = roi[1] * sourceHeight;
            regionWidth = (roi[2] - roi[0]) * sourceWidth;
            regionHeight = (roi[3] - roi[1]) * sourceHeight;
        }

        int contentX = 0, contentY = 0, contentWidth = targetWidth, contentHeight = targetHeight;
        switch (options.Resize)
        {
            case ResizeMode.Crop:
                if (regionWidth * targetHeight > regionHeight * targetWidth)
                {
                    float croppedWidth = regionHeight * targetWidth / targetHeight;
                    regionX += (regionWidth - croppedWidth) / 2f;
                    regionWidth = croppedWidth;
                }
                else
                {
                    float croppedHeight = regionWidth * targetHeight / targetWidth;
                    regionY += (regionHeight - croppedHeight) / 2f;
                    regionHeight = croppedHeight;
                }

                break;
            case ResizeMode.Letterbox:
                float fit = MathF.Min(targetWidth / regionWidth, targetHeight / regionHeight);
                contentWidth = Math.Clamp((int)MathF.Round(regionWidth * fit), 1, targetWidth);
                contentHeight = Math.Clamp((int)MathF.Round(regionHeight * fit), 1, targetHeight);
                contentX = (targetWidth - contentWidth) / 2;
                contentY = (targetHeight - contentHeight) / 2;
                break;
        }

        return new SamplingGeometry(
            outputWidth,
            outputHeight,
            options,
            new AxisMapping(regionX, regionWidth, contentX, contentWidth, sourceWidth),
            new AxisMapping(regionY, regionHeight, contentY, contentHeight, sourceHeight));
    }

    /// <summary>The target (resized, unrotated) coordinates that output pixel (x, y) shows.</summary>
    public (int X, int Y) MapOutput(int outputX, int outputY)
    {
        if (_flipHorizontal)
        {
            outputX = OutputWidth - 1 - outputX;
        }

        if (_flipVertical)
        {
            outputY = OutputHeight - 1 - outputY;
        }

        return _rotation switch
        {
            90 => (outputY, _targetHeight - 1 - outputX),
            180 => (_targetWidth - 1 - outputX, _targetHeight - 1 - outputY),
            270 => (_targetWidth - 1 - outputY, outputX),
            _ => (outputX, outputY),
        };
    }
}
