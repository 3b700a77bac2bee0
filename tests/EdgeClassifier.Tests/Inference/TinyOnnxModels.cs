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
    public static string ColourClassifier(string directory, int width, int height, bool withNormalisation = true, bool nchw = true)
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

        File.WriteAllLines(Path.Combine(directory, "colours.txt"), ["red", "green", "blue"]);
        return Save(directory, $"colour_{width}x{height}.onnx", graph, metadata);
    }

    /// <summary>
    /// <see cref="ColourClassifier"/> at 256×256 made slow on purpose: the pixels also run through a chain of
    /// <paramref name="matMuls"/> 512×512 matrix products (about 0.2 GFLOP each) whose result joins the logits times
    /// zero, so every inference pays for them and the answers stay those of the colour classifier.
    /// </summary>
    public static string SlowColourClassifier(string directory, int matMuls)
    {
        string fast = ColourClassifier(directory, 256, 256);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fast));
        GraphProto graph = model.Graph;
        graph.Initializer.Add(new TensorProto { Name = "rows", DataType = 7, Dims = { 2 }, Int64Data = { 384, 512 } });
        var identity = new float[512 * 512];
        for (int i = 0; i < 512; i++)
        {
            identity[(i * 512) + i] = 1;
        }

        graph.Initializer.Add(FloatTensor("identity", [512, 512], identity));
        graph.Initializer.Add(FloatTensor("zero", [], [0]));
        graph.Node.Add(Node("Reshape", ["pixels", "rows"], ["chain0"]));
        for (int i = 0; i < matMuls; i++)
        {
            graph.Node.Add(Node("MatMul", [$"chain{i}", "identity"], [$"chain{i + 1}"]));
        }

        graph.Node.Add(Node("ReduceMean", [$"chain{matMuls}"], ["chainMean"], new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        graph.Node.Add(Node("Mul", ["chainMean", "zero"], ["nothing"]));
        NodeProto gemm = graph.Node.Single(n => n.OpType == "Gemm");
        gemm.Output[0] = "fastLogits";
        graph.Node.Add(Node("Add", ["fastLogits", "nothing"], ["logits"]));
        File.Delete(fast);
        string path = Path.Combine(directory, "slow_colour_256x256.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
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

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }
}
