namespace EdgeClassifier.Preprocessing;

/// <summary>
/// What a model's image input looks like: size, layout, element type and, for float inputs, the per-channel
/// normalisation <c>(pixel - mean) / std</c>.
/// </summary>
public sealed record InputTensorSpec(
    int Width,
    int Height,
    TensorLayout Layout,
    TensorElementType ElementType,
    float[] Mean,
    float[] Std)
{
    /// <summary>Number of colour channels the preprocessing writes (always RGB).</summary>
    public const int Channels = 3;

    /// <summary>Elements in one input tensor.</summary>
    public int ElementCount => Width * Height * Channels;

    /// <summary>A uint8 input with no normalisation.</summary>
    public static InputTensorSpec UInt8(int width, int height, TensorLayout layout = TensorLayout.Nhwc) =>
        new(width, height, layout, TensorElementType.UInt8, [0f, 0f, 0f], [1f, 1f, 1f]);

    /// <summary>A float input normalised as <c>(pixel - mean) / std</c> on every channel.</summary>
    public static InputTensorSpec Float(int width, int height, TensorLayout layout, float mean, float std) =>
        new(width, height, layout, TensorElementType.Float32, [mean, mean, mean], [std, std, std]);
}
