namespace EdgeClassifier.Preprocessing;

/// <summary>The element type of a model's image input.</summary>
public enum TensorElementType
{
    /// <summary>Quantized: raw pixel bytes 0..255, one byte per channel.</summary>
    UInt8,

    /// <summary>Float: normalised pixels, four bytes per channel.</summary>
    Float32,
}
