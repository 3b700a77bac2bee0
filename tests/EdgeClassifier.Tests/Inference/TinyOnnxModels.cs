using Google.Protobuf;
using Onnx;

namespace EdgeClassifier.Tests.Inference;

/// <summary>
/// Builds small but real ONNX models in the test (with OnnxSharp's protobuf classes) for contracts the shared
/// MobileNets do not cover: float NCHW inputs, other input sizes, labels without a background class, logits outputs,
/// and inputs that are not images.
/// </summary>
internal static class TinyOnnxModels
{
    private const int Float = 1;

    /// <summary>
    /// A float NCHW colour classifier: global average pool, then a linear layer whose class k scores channel k
    /// (k = 0 red, 1 green, 2 blue), outputting logits. Input [1,3,height,width].
    /// </summary>
    public static string ColourClassifier(
        string directory, int width, int height, bool withNormalisation = true, bool nchw = true, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var graph = new GraphProto { Name = "colour" };
        long[] inputShape = nchw ? [1, 3, height, width] : [1, height, width, 3];
        graph.Input.Add(Value("pixels", Float, inputShape));
        graph.Output.Add(Value("logits", Float, [1, 3]));
        string pooledInput = "pixels";
        if (!nchw)
        {
            graph.Node.Add(Node("Transpose", ["pixels"], ["nchw"], new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 0, 3, 1, 2 } }));
            pooledInput = "nchw";
        }

        graph.Node.Add(Node("GlobalAveragePool", [pooledInput], ["pooled"]));
        graph.Node.Add(Node("Flatten", ["pooled"], ["flat"]));
        graph.Initializer.Add(FloatTensor("weights", [3, 3], [4, 0, 0, 0, 4, 0, 0, 0, 4]));
        graph.Initializer.Add(FloatTensor("bias", [3], [0, 0, 0]));
        graph.Node.Add(Node("Gemm", ["flat", "weights", "bias"], ["logits"]));
        var metadata = new Dictionary<string, string> { ["labels"] = "colours.txt" };
        if (withNormalisation)
        {
            metadata["input_mean"] = "127.5";
            metadata["input_std"] = "[127.5, 127.5, 127.5]";
        }

        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        File.WriteAllLines(Path.Combine(directory, "colours.txt"), ["red", "green", "blue"]);
        return Save(directory, $"colour_{width}x{height}.onnx", graph, metadata);
    }

    /// <summary>
    /// A deliberately expensive 3-label classifier (labels as <see cref="ColourClassifier"/>): float NCHW
    /// [1,3,size,size], a 3×3 convolution to <paramref name="channels"/> channels followed by
    /// <paramref name="layers"/> more, then pooling and a linear layer — billions of multiply-adds per frame, for
    /// tests that need a model an order of magnitude slower than the tiny ones whatever the machine's load.
    /// </summary>
    public static string HeavyClassifier(string directory, int size, int channels, int layers, IReadOnlyDictionary<string, string> metadata)
    {
        var graph = new GraphProto { Name = "heavy" };
        graph.Input.Add(Value("pixels", Float, [1, 3, size, size]));
        graph.Output.Add(Value("logits", Float, [1, 3]));
        var random = new Random(7);
        float[] Weights(int count, float scale) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        var pads = new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } };
        string current = "pixels";
        for (int layer = 0; layer <= layers; layer++)
        {
            int inputChannels = layer == 0 ? 3 : channels;
            graph.Initializer.Add(FloatTensor($"w{layer}", [channels, inputChannels, 3, 3], Weights(channels * inputChannels * 9, 0.1f)));
            graph.Node.Add(Node("Conv", [current, $"w{layer}"], [$"conv{layer}"], pads));
            current = $"conv{layer}";
        }

        graph.Node.Add(Node("GlobalAveragePool", [current], ["pooled"]));
        graph.Node.Add(Node("Flatten", ["pooled"], ["flat"]));
        graph.Initializer.Add(FloatTensor("weights", [channels, 3], Weights(channels * 3, 1f)));
        graph.Node.Add(Node("MatMul", ["flat", "weights"], ["logits"]));
        File.WriteAllLines(Path.Combine(directory, "colours.txt"), ["red", "green", "blue"]);
        var entries = new Dictionary<string, string>(metadata) { ["labels"] = "colours.txt", ["input_mean"] = "127.5", ["input_std"] = "127.5" };
        return Save(directory, "heavy.onnx", graph, entries);
    }

    /// <summary>
    /// A 3-label classifier (labels as <see cref="ColourClassifier"/>, float NCHW [1,3,8,8]) whose one run is a chain
    /// of <paramref name="multiplications"/> products of <paramref name="size"/>×<paramref name="size"/> matrices: the
    /// image's mean spread over a matrix, multiplied again and again by a constant one. Each product is 2·size³
    /// multiply-adds the runtime cannot skip or fold, so one inference takes as long as the test needs (seconds), the
    /// way a hung accelerator call would look from outside, while the file stays a few hundred bytes.
    /// </summary>
    public static string MatMulChainClassifier(string directory, int size, int multiplications)
    {
        var graph = new GraphProto { Name = "matmul-chain" };
        graph.Input.Add(Value("pixels", Float, [1, 3, 8, 8]));
        graph.Output.Add(Value("logits", Float, [1, 3]));
        graph.Initializer.Add(Int64Tensor("square", [size, size]));
        graph.Initializer.Add(Int64Tensor("to_logits", [size, 3]));
        graph.Initializer.Add(Int64Tensor("row", [1, size]));
        graph.Node.Add(Node("ConstantOfShape", ["square"], ["step"], FloatValue(1f / size)));
        graph.Node.Add(Node("ConstantOfShape", ["to_logits"], ["readout"], FloatValue(1f)));
        graph.Node.Add(Node("ReduceMean", ["pixels"], ["mean"]));
        graph.Node.Add(Node("Expand", ["mean", "square"], ["product0"]));
        for (int i = 1; i <= multiplications; i++)
        {
            graph.Node.Add(Node("MatMul", [$"product{i - 1}", "step"], [$"product{i}"]));
        }

        graph.Node.Add(Node("ReduceMean", [$"product{multiplications}"], ["rows"], new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 0, 1, 2 }, }, new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        graph.Node.Add(Node("Reshape", ["rows", "row"], ["flat"]));
        graph.Node.Add(Node("MatMul", ["flat", "readout"], ["logits"]));
        File.WriteAllLines(Path.Combine(directory, "colours.txt"), ["red", "green", "blue"]);
        var entries = new Dictionary<string, string> { ["labels"] = "colours.txt", ["input_mean"] = "127.5", ["input_std"] = "127.5" };
        return Save(directory, "matmul-chain.onnx", graph, entries);
    }

    /// <summary>A model whose single input is a [1,10] feature vector: not an image.</summary>
    public static string VectorModel(string directory)
    {
        var graph = new GraphProto { Name = "vector" };
        graph.Input.Add(Value("features", Float, [1, 10]));
        graph.Output.Add(Value("scores", Float, [1, 10]));
        graph.Node.Add(Node("Softmax", ["features"], ["scores"]));
        return Save(directory, "vector.onnx", graph, []);
    }

    private static string Save(string directory, string name, GraphProto graph, Dictionary<string, string> metadata)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "EdgeClassifier.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static ValueInfoProto Value(string name, int elementType, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = 7 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static AttributeProto FloatValue(float value) => new()
    {
        Name = "value",
        Type = AttributeProto.Types.AttributeType.Tensor,
        T = FloatTensor("value", [1], [value]),
    };

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }
}
