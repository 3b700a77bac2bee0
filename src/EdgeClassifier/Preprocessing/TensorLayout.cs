namespace EdgeClassifier.Preprocessing;

/// <summary>Order of the dimensions of an image tensor with batch size 1.</summary>
public enum TensorLayout
{
    /// <summary>[1, height, width, channels]: channels interleaved per pixel (TFLite's order).</summary>
    Nhwc,

    /// <summary>[1, channels, height, width]: one plane per channel (PyTorch's order).</summary>
    Nchw,
}
