namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Where each pixel of the model input comes from in the source image, for one source size and one set of
/// <see cref="PreprocessOptions"/>. The resized image ("target") is built in the source's orientation, then rotated
/// clockwise and flipped into the output; <see cref="MapOutput"/> walks that path backwards.
/// </summary>
internal sealed class SamplingGeometry
{
    private readonly int rotation;
    private readonly bool flipHorizontal;
    private readonly bool flipVertical;
    private readonly int targetWidth;
    private readonly int targetHeight;

    private SamplingGeometry(
        int outputWidth, int outputHeight, PreprocessOptions options, AxisMapping x, AxisMapping y)
    {
        OutputWidth = outputWidth;
        OutputHeight = outputHeight;
        rotation = options.Rotation;
        flipHorizontal = options.FlipHorizontal;
        flipVertical = options.FlipVertical;
        SwapsAxes = rotation is 90 or 270;
        targetWidth = SwapsAxes ? outputHeight : outputWidth;
        targetHeight = SwapsAxes ? outputWidth : outputHeight;
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
        if (flipHorizontal)
        {
            outputX = OutputWidth - 1 - outputX;
        }

        if (flipVertical)
        {
            outputY = OutputHeight - 1 - outputY;
        }

        return rotation switch
        {
            90 => (outputY, targetHeight - 1 - outputX),
            180 => (targetWidth - 1 - outputX, targetHeight - 1 - outputY),
            270 => (targetWidth - 1 - outputY, outputX),
            _ => (outputX, outputY),
        };
    }
}
