namespace EdgeClassifier.Models.Import;

/// <summary>
/// How a 4-D tensor is held in the ONNX graph: as TFLite holds it (NHWC) or channels first (NCHW), which ONNX
/// Conv and pooling need. Tensors of other ranks are always <see cref="Native"/>.
/// </summary>
internal enum TensorLayout
{
    Native,
    ChannelsFirst,
}

/// <summary>Permutations and axis mapping between NHWC and NCHW, and reordering of constant tensor data.</summary>
internal static class LayoutPermutation
{
    /// <summary>NHWC → NCHW; also OHWI → OIHW for convolution weights.</summary>
    public static readonly int[] ToChannelsFirst = [0, 3, 1, 2];

    /// <summary>NCHW → NHWC.</summary>
    public static readonly int[] ToNative = [0, 2, 3, 1];

    /// <summary>The position of NHWC axis <paramref name="axis"/> once the tensor is NCHW.</summary>
    public static int ChannelsFirstAxis(int axis) => Array.IndexOf(ToChannelsFirst, axis);

    /// <summary>
    /// Reorders row-major <paramref name="data"/> of <paramref name="shape"/> so that new axis i is old axis
    /// perm[i] (ONNX Transpose semantics); returns the new data and shape.
    /// </summary>
    public static (byte[] Data, int[] Shape) Permute(ReadOnlySpan<byte> data, int[] shape, int[] perm, int elementSize)
    {
        var rank = shape.Length;
        var newShape = perm.Select(p => shape[p]).ToArray();
        var oldStrides = Strides(shape);
        // Walking the output in order, the input offset advances by the old stride of each permuted axis.
        var strideInOld = perm.Select(p => oldStrides[p]).ToArray();
        var result = new byte[data.Length];
        var index = new int[rank];
        var count = data.Length / elementSize;
        for (var outIndex = 0; outIndex < count; outIndex++)
        {
            var inIndex = 0;
            for (var axis = 0; axis < rank; axis++)
            {
                inIndex += index[axis] * strideInOld[axis];
            }

            data.Slice(inIndex * elementSize, elementSize).CopyTo(result.AsSpan(outIndex * elementSize, elementSize));
            for (var axis = rank - 1; axis >= 0 && ++index[axis] == newShape[axis]; axis--)
            {
                index[axis] = 0;
            }
        }

        return (result, newShape);
    }

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }

        return strides;
    }
}
