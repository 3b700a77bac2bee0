namespace EdgeClassifier.Preprocessing;

/// <summary>How an image of one aspect ratio is fitted into the model's input.</summary>
public enum ResizeMode
{
    /// <summary>Scale each axis independently to the input size: nothing cropped, aspect not kept (the reference).</summary>
    Stretch,

    /// <summary>Keep the aspect ratio and cut the centre: the shortest side fits, the longer one is cropped.</summary>
    Crop,

    /// <summary>Keep the aspect ratio and pad: the longest side fits, the rest is filled with black.</summary>
    Letterbox,
}
