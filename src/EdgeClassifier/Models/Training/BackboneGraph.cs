using Google.Protobuf;
using Onnx;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// A backbone's ONNX graph cut at its embedding: the named intermediate tensor (or the graph's own output) becomes
/// the only graph output, and the nodes and initializers that no longer feed it are dropped.
/// </summary>
public sealed class BackboneGraph
{
    private BackboneGraph(string path, ModelProto model, string embeddingName, byte[] fileBytes)
    {
        Path = path;
        Model = model;
        EmbeddingName = embeddingName;
        FileBytes = fileBytes;
    }

    /// <summary>The backbone file.</summary>
    public string Path { get; }

    /// <summary>The graph, ending at <see cref="EmbeddingName"/>; a head may be appended to it.</summary>
    public ModelProto Model { get; }

    /// <summary>The tensor holding the embedding.</summary>
    public string EmbeddingName { get; }

    /// <summary>The backbone file's bytes as read (for cache keys).</summary>
    public byte[] FileBytes { get; }

    /// <summary>Loads <paramref name="path"/> and cuts it at <paramref name="embeddingOutput"/> (null: its first output).</summary>
    /// <exception cref="TrainingException">The file is missing or not ONNX, or the named tensor is not in the graph.</exception>
    public static BackboneGraph Load(string path, string? embeddingOutput)
    {
        byte[] bytes;
        ModelProto model;
        try
        {
            bytes = File.ReadAllBytes(path);
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrainingException($"{path}: cannot read the backbone ({ex.Message})", ex);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new TrainingException($"{path}: not an ONNX model ({ex.Message})", ex);
        }

        if (model.Graph is null || model.Graph.Output.Count == 0)
        {
            throw new TrainingException($"{path}: not an ONNX model with a graph output");
        }

        if (embeddingOutput is null)
        {
            return new BackboneGraph(path, model, model.Graph.Output[0].Name, bytes);
        }

        GraphProto graph = model.Graph;
        if (!graph.Node.Any(node => node.Output.Contains(embeddingOutput)))
        {
            string outputs = string.Join(", ", graph.Output.Select(o => o.Name));
            throw new TrainingException(
                $"{path}: no node produces tensor '{embeddingOutput}' (--embedding-output); the graph outputs are {outputs}");
        }

        const int floatType = (int)TensorProto.Types.DataType.Float;
        ValueInfoProto? known = graph.ValueInfo.FirstOrDefault(v => v.Name == embeddingOutput);
        if (known?.Type?.TensorType is { ElemType: not floatType and not 0 } tensorType)
        {
            throw new TrainingException(
                $"{path}: tensor '{embeddingOutput}' holds {(TensorProto.Types.DataType)tensorType.ElemType}, not float; " +
                "name a float tensor (in a quantized model, the output of a DequantizeLinear)");
        }

        ValueInfoProto output = known?.Clone()
            ?? new ValueInfoProto
            {
                Name = embeddingOutput,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = floatType } },
            };
        graph.Output.Clear();
        graph.Output.Add(output);
        Prune(graph);
        return new BackboneGraph(path, model, embeddingOutput, bytes);
    }

    /// <summary>Renames a tensor everywhere in the graph (so a head can take over a name such as <c>output</c>).</summary>
    public void RenameTensor(string from, string to)
    {
        GraphProto graph = Model.Graph;
        foreach (NodeProto node in graph.Node)
        {
            Replace(node.Input, from, to);
            Replace(node.Output, from, to);
        }

        foreach (ValueInfoProto value in graph.Output.Concat(graph.ValueInfo))
        {
            if (value.Name == from)
            {
                value.Name = to;
            }
        }
    }

    /// <summary>The graph as ONNX bytes, for an inference session.</summary>
    public byte[] ToBytes() => Model.ToByteArray();

    // Keeps only what the graph outputs depend on: the original classifier's layers after the cut must go, or ONNX
    // Runtime would still run them for every frame.
    private static void Prune(GraphProto graph)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        foreach (NodeProto node in graph.Node.Reverse())
        {
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input.Where(name => name.Length > 0));
            }
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var initializers = graph.Initializer.Where(i => needed.Contains(i.Name)).ToArray();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var valueInfo = graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToArray();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
    }

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == from)
            {
                names[i] = to;
            }
        }
    }
}
