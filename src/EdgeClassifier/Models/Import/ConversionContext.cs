using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// The state of one conversion: which ONNX value holds each TFLite tensor, in which layout. Quantized tensors are
/// held as their integer values; operators read them through DequantizeLinear and write them through
/// QuantizeLinear, the QDQ form that ONNX Runtime fuses into integer kernels.
/// </summary>
internal sealed class ConversionContext(TfliteModel model, OnnxGraphBuilder onnx)
{
    private readonly Dictionary<(int Tensor, TensorLayout Layout), string> _values = [];
    private readonly Dictionary<int, TensorLayout> _producedLayout = [];
    private readonly Dictionary<(TfliteQuantization, TfliteTensorType), (string Scale, string ZeroPoint)> _quantizationParameters = [];

    public OnnxGraphBuilder Onnx => onnx;

    public TfliteTensor Tensor(int index) => model.Tensors[index];

    /// <summary>
    /// Where layout-neutral operators work on a tensor: channels first for every 4-D tensor, so that the one
    /// Transpose sits right after the model input and quantized values flow Q → DQ between operators, the pairs
    /// ONNX Runtime's QDQ fusions (and its int8 → uint8 rewrite) look for.
    /// </summary>
    public TensorLayout PreferredLayout(int index) =>
        Tensor(index).Rank == 4 ? TensorLayout.ChannelsFirst : TensorLayout.Native;

    /// <summary>The tensor's stored values (integers for quantized tensors) in <paramref name="layout"/>.</summary>
    public string Raw(int index, TensorLayout layout)
    {
        var tensor = Tensor(index);
        layout = Effective(tensor, layout);
        if (_values.TryGetValue((index, layout), out var name))
        {
            return name;
        }

        if (tensor.IsConstant)
        {
            name = Constant(index, layout == TensorLayout.Native ? null : LayoutPermutation.ToChannelsFirst);
        }
        else if (_producedLayout.TryGetValue(index, out var available))
        {
            var perm = layout == TensorLayout.ChannelsFirst ? LayoutPermutation.ToChannelsFirst : LayoutPermutation.ToNative;
            var suffix = layout == TensorLayout.ChannelsFirst ? "nchw" : "nhwc";
            name = onnx.Node("Transpose", [_values[(index, available)]], $"{tensor.Name}_{suffix}", OnnxGraphBuilder.Attribute("perm", perm.Select(p => (long)p)));
        }
        else
        {
            throw new ModelImportException($"tensor '{tensor.Name}' is read before any operator produces it");
        }

        _values[(index, layout)] = name;
        return name;
    }

    /// <summary>The tensor as real numbers (float32) in <paramref name="layout"/>.</summary>
    public string Float(int index, TensorLayout layout)
    {
        var tensor = Tensor(index);
        layout = Effective(tensor, layout);
        var axis = tensor.Quantization?.Axis ?? 0;
        if (layout == TensorLayout.ChannelsFirst)
        {
            // Constants below rank 4 are padded with leading 1s before the permutation (NumPy broadcasting).
            axis = LayoutPermutation.ChannelsFirstAxis(axis + 4 - tensor.Rank);
        }

        return ToFloat(Raw(index, layout), tensor, axis, $"{tensor.Name}_dq");
    }

    /// <summary>A constant (weights) reordered by <paramref name="perm"/>, as real numbers.</summary>
    public string FloatConstant(int index, int[] perm)
    {
        var tensor = Tensor(index);
        var axis = Array.IndexOf(perm, tensor.Quantization?.Axis ?? 0);
        return ToFloat(Constant(index, perm), tensor, axis, $"{tensor.Name}_dq");
    }

    /// <summary>Stored values <paramref name="raw"/> of <paramref name="tensor"/> as real numbers.</summary>
    public string ToFloat(string raw, TfliteTensor tensor, int axis, string outputName, bool reservedName = false)
    {
        if (tensor.IsQuantized)
        {
            var (scale, zeroPoint) = QuantizationParameters(tensor);
            var attributes = tensor.Quantization!.IsPerAxis ? new[] { OnnxGraphBuilder.Attribute("axis", axis) } : [];
            return Emit("DequantizeLinear", [raw, scale, zeroPoint], outputName, reservedName, attributes);
        }

        if (tensor.Type == TfliteTensorType.Float32)
        {
            return reservedName ? Emit("Identity", [raw], outputName, true) : raw;
        }

        return Emit("Cast", [raw], outputName, reservedName, OnnxGraphBuilder.Attribute("to", (long)DataType.Float));
    }

    /// <summary>Records that <paramref name="raw"/> holds the stored values of tensor <paramref name="index"/>.</summary>
    public void StoreRaw(int index, string raw, TensorLayout layout)
    {
        layout = Effective(Tensor(index), layout);
        _values[(index, layout)] = raw;
        _producedLayout[index] = layout;
    }

    /// <summary>
    /// Stores the real-valued result <paramref name="result"/> of an operator as tensor <paramref name="index"/>,
    /// applying the operator's fused activation, then quantizing or casting to the tensor's type.
    /// </summary>
    public void StoreFloat(int index, string result, TensorLayout layout, TfliteActivation activation, string operatorName)
    {
        var tensor = Tensor(index);
        layout = Effective(tensor, layout);
        result = FusedActivation.Apply(this, result, tensor, activation, operatorName);
        string raw;
        if (tensor.IsQuantized)
        {
            var (scale, zeroPoint) = QuantizationParameters(tensor);
            var attributes = tensor.Quantization!.IsPerAxis
                ? new[] { OnnxGraphBuilder.Attribute("axis", layout == TensorLayout.ChannelsFirst ? LayoutPermutation.ChannelsFirstAxis(tensor.Quantization.Axis) : tensor.Quantization.Axis) }
                : [];
            raw = onnx.Node("QuantizeLinear", [result, scale, zeroPoint], tensor.Name, attributes);
        }
        else if (tensor.Type == TfliteTensorType.Float32)
        {
            raw = result;
        }
        else
        {
            raw = onnx.Node("Cast", [result], tensor.Name, OnnxGraphBuilder.Attribute("to", (long)OnnxType(tensor)));
        }

        StoreRaw(index, raw, layout);
    }

    /// <summary>A scalar of the tensor's stored type that stands for real zero (its zero point when quantized).</summary>
    public string ZeroValue(int index)
    {
        var tensor = Tensor(index);
        if (!tensor.IsQuantized)
        {
            return onnx.Initializer($"{tensor.Name}_zero", OnnxType(tensor), [], new byte[ElementSize(tensor.Type)]);
        }

        if (tensor.Quantization!.IsPerAxis)
        {
            throw new ModelImportException($"tensor '{tensor.Name}' is quantized per axis where one zero value is needed");
        }

        return QuantizationParameters(tensor).ZeroPoint;
    }

    public static DataType OnnxType(TfliteTensor tensor) => tensor.Type switch
    {
        TfliteTensorType.Float32 => DataType.Float,
        TfliteTensorType.Float16 => DataType.Float16,
        TfliteTensorType.UInt8 => DataType.Uint8,
        TfliteTensorType.Int8 => DataType.Int8,
        TfliteTensorType.Int16 => DataType.Int16,
        TfliteTensorType.Int32 => DataType.Int32,
        TfliteTensorType.Int64 => DataType.Int64,
        TfliteTensorType.Bool => DataType.Bool,
        _ => throw new ModelImportException($"tensor '{tensor.Name}' has type {tensor.Type}, which the importer does not support"),
    };

    private static int ElementSize(TfliteTensorType type) => type switch
    {
        TfliteTensorType.UInt8 or TfliteTensorType.Int8 or TfliteTensorType.Bool => 1,
        TfliteTensorType.Int16 or TfliteTensorType.Float16 => 2,
        TfliteTensorType.Int64 => 8,
        _ => 4,
    };

    // Only 4-D tensors are ever held channels first; constants of lower rank are broadcast up to 4-D instead.
    private static TensorLayout Effective(TfliteTensor tensor, TensorLayout layout) =>
        tensor.Rank == 4 || tensor.IsConstant ? layout : TensorLayout.Native;

    private string Emit(string opType, string[] inputs, string output, bool reservedName, params Onnx.AttributeProto[] attributes)
    {
        if (!reservedName)
        {
            return onnx.Node(opType, inputs, output, attributes);
        }

        onnx.NodeWithOutput(opType, inputs, output, attributes);
        return output;
    }

    private string Constant(int index, int[]? perm)
    {
        var tensor = Tensor(index);
        var elementSize = ElementSize(tensor.Type);
        var shape = tensor.Shape;
        var expected = shape.Aggregate(1L, (product, d) => product * d) * elementSize;
        if (expected != tensor.Data.Count)
        {
            throw new ModelImportException($"constant tensor '{tensor.Name}' holds {tensor.Data.Count} bytes where its shape needs {expected}");
        }

        ReadOnlySpan<byte> data = tensor.Data;
        if (perm is not null && shape.Length > perm.Length)
        {
            throw new ModelImportException(
                $"constant tensor '{tensor.Name}' has shape {TfliteStructureCheck.Describe(shape)} where at most rank {perm.Length} fits");
        }

        if (perm is not null)
        {
            // A lower-rank constant broadcast against a 4-D tensor lines up with its trailing axes.
            shape = [.. Enumerable.Repeat(1, Math.Max(0, perm.Length - shape.Length)), .. shape];
            (var permuted, shape) = LayoutPermutation.Permute(data, shape, perm, elementSize);
            data = permuted;
        }

        return onnx.Initializer(tensor.Name, OnnxType(tensor), shape.Select(d => (long)d), data);
    }

    private (string Scale, string ZeroPoint) QuantizationParameters(TfliteTensor tensor)
    {
        var quantization = tensor.Quantization!;
        if (_quantizationParameters.TryGetValue((quantization, tensor.Type), out var names))
        {
            return names;
        }

        var perTensor = !quantization.IsPerAxis;
        var scale = onnx.FloatConstant($"{tensor.Name}_scale", quantization.Scales, perTensor);
        var type = OnnxType(tensor);
        var elementSize = ElementSize(tensor.Type);
        var zeroPointBytes = new byte[quantization.ZeroPoints.Length * elementSize];
        for (var i = 0; i < quantization.ZeroPoints.Length; i++)
        {
            BitConverter.GetBytes(quantization.ZeroPoints[i]).AsSpan(0, elementSize).CopyTo(zeroPointBytes.AsSpan(i * elementSize));
        }

        long[] dims = perTensor ? [] : [quantization.ZeroPoints.Length];
        var zeroPoint = onnx.Initializer($"{tensor.Name}_zero_point", type, dims, zeroPointBytes);
        names = (scale, zeroPoint);
        _quantizationParameters[(quantization, tensor.Type)] = names;
        return names;
    }
}
