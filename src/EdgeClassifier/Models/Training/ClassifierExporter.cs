using EdgeClassifier.Models.Import;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Appends a trained head to its backbone's graph — Flatten → LpNormalization (the L2 normalisation the head was
/// trained on) → Gemm(W, b) → Softmax, output <c>output</c> [1, classes] — and writes one ordinary ONNX classifier
/// with its labels next to it, so <c>classify</c> and <c>run</c> use it unchanged.
/// </summary>
public static class ClassifierExporter
{
    /// <summary>The classifier output's name.</summary>
    public const string OutputName = "output";

    // Keys that describe the backbone's own output or labels, which the new head replaces.
    private static readonly HashSet<string> ReplacedKeys =
        ["labels", "label_offset", "label_note", "output_quant_scale", "output_quant_zero_point", "tflite_output_name"];

    /// <summary>Fails early, before any training work, when the classifier could not be written.</summary>
    /// <exception cref="TrainingException">The output's folder does not exist.</exception>
    public static void CheckOutputPath(string outputPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        if (!Directory.Exists(directory))
        {
            throw new TrainingException($"{outputPath}: the folder {directory} does not exist");
        }
    }

    /// <summary>
    /// Writes <paramref name="outputPath"/> and <c>OUT.labels.txt</c> (OUT without .onnx). The backbone's
    /// metadata_props (input normalisation, layout, licence) are kept; <paramref name="metadata"/> adds to them.
    /// Returns the labels file path.
    /// </summary>
    public static string Export(
        BackboneGraph backbone, SoftmaxHead head, IReadOnlyList<string> labels, string outputPath, IReadOnlyDictionary<string, string> metadata)
    {
        CheckOutputPath(outputPath);
        string embedding = backbone.EmbeddingName;
        if (embedding == OutputName)
        {
            embedding = "embedding";
            backbone.RenameTensor(OutputName, embedding);
        }

        GraphProto graph = backbone.Model.Graph;
        graph.Output.Clear();
        var builder = new OnnxGraphBuilder(graph);
        string flat = builder.Node("Flatten", [embedding], "embedding_flat", OnnxGraphBuilder.Attribute("axis", 1L));
        string normalised = builder.Node(
            "LpNormalization", [flat], "embedding_l2", OnnxGraphBuilder.Attribute("axis", 1L), OnnxGraphBuilder.Attribute("p", 2L));
        string weights = builder.Initializer(
            "head_weights", DataType.Float, [head.Classes, head.Dimension], System.Runtime.InteropServices.MemoryMarshal.AsBytes(head.Weights.AsSpan()));
        string bias = builder.FloatConstant("head_bias", head.Bias, scalar: false);
        string logits = builder.Node("Gemm", [normalised, weights, bias], "logits", OnnxGraphBuilder.Attribute("transB", 1L));
        builder.AddOutput(OutputName, DataType.Float, [1, head.Classes]);
        builder.NodeWithOutput("Softmax", [logits], OutputName, OnnxGraphBuilder.Attribute("axis", 1L));

        string labelsPath = Path.ChangeExtension(outputPath, ".labels.txt");
        var kept = backbone.Model.MetadataProps.Where(p => !ReplacedKeys.Contains(p.Key) && !metadata.ContainsKey(p.Key)).ToArray();
        backbone.Model.MetadataProps.Clear();
        backbone.Model.MetadataProps.AddRange(kept);
        foreach (var (key, value) in metadata.Append(new("labels", Path.GetFileName(labelsPath))))
        {
            backbone.Model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        using (var stream = File.Create(outputPath))
        {
            backbone.Model.WriteTo(stream);
        }

        File.WriteAllLines(labelsPath, labels);
        return labelsPath;
    }
}
