using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// Accumulates ONNX nodes, initializers and graph inputs/outputs with unique names, and wraps them in an opset 13
/// <see cref="ModelProto"/>.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>Opset 13: the first with per-axis QuantizeLinear/DequantizeLinear, and what ORT's QDQ fusions target.</summary>
    public const int OpsetVersion = 13;

    // IR version 7 is the one that introduced opset 13.
    private const long IrVersion = 7;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Continues an existing graph in place (e.g. a backbone that gets a new head); its names stay reserved.</summary>
    public OnnxGraphBuilder(GraphProto existing)
    {
        _graph = existing;
        _names.UnionWith(existing.Node.SelectMany(n => n.Input.Concat(n.Output).Append(n.Name)));
        _names.UnionWith(existing.Initializer.Select(i => i.Name));
        _names.UnionWith(existing.Input.Concat(existing.Output).Select(v => v.Name));
    }

    /// <summary>Returns <paramref name="hint"/>, or it with a numeric suffix if that name is taken, and reserves it.</summary>
    public string UniqueName(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }

    /// <summary>Adds a node with one output named after <paramref name="outputHint"/>; returns that output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, string outputHint, params AttributeProto[] attributes)
    {
        var output = UniqueName(outputHint);
        NodeWithOutput(opType, inputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node whose output name is already reserved (graph outputs).</summary>
    public void NodeWithOutput(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName($"{opType}_{_graph.Node.Count}") };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>Adds a constant tensor from little-endian <paramref name="raw"/> bytes; returns its name.</summary>
    public string Initializer(string hint, DataType type, IEnumerable<long> dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string FloatConstant(string hint, float[] values, bool scalar) =>
        Initializer(hint, DataType.Float, scalar ? [] : [values.Length], System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    public string Int64Constant(string hint, long[] values) =>
        Initializer(hint, DataType.Int64, [values.Length], System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    public void AddInput(string name, DataType type, IEnumerable<int> shape) => _graph.Input.Add(ValueInfo(name, type, shape));

    public void AddOutput(string name, DataType type, IEnumerable<int> shape) => _graph.Output.Add(ValueInfo(name, type, shape));

    public ModelProto ToModel(string producer, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private ValueInfoProto ValueInfo(string name, DataType type, IEnumerable<int> shape)
    {
        _names.Add(name);
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
