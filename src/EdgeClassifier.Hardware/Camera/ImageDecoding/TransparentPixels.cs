namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>What <see cref="ImageFileDecoder"/> does with the alpha channel of images that have one.</summary>
public enum TransparentPixels
{
    /// <summary>Keep the colour stored under the alpha, as the reference preprocessing does.</summary>
    Dropped,

    /// <summary>Blend onto white, as a transparent label or code image looks printed on paper.</summary>
    OnWhite,
}
