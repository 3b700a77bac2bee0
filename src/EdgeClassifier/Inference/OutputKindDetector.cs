using Onnx;

namespace EdgeClassifier.Inference;

/// <summary>
/// Tells probabilities from logits by reading the graph: if the output is produced by a Softmax (possibly behind
/// quantize/dequantize, reshape or identity nodes) it is probabilities; if by a linear layer, logits. Looking at
/// the values alone cannot tell reliably: a quantized softmax rounds every score to 1/256 and need not sum to 1.
/// </summary>
internal static class OutputKindDetector
{
    private static readonly HashSet<string> PassThrough =
        ["DequantizeLinear", "QuantizeLinear", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Cast"];

    private static readonly HashSet<string> SoftmaxOps = ["Softmax", "QLinearSoftmax", "LogSoftmax"];

    private static readonly HashSet<string> LinearOps = ["Gemm", "MatMul", "Add", "Conv", "QGemm", "MatMulInteger", "QLinearMatMul", "QLinearConv"];

    /// <summary>The kind the graph shows, or <see cref="OutputKind.Auto"/> when it does not say.</summary>
    public static OutputKind Detect(string modelPath, string outputName)
    {
        GraphProto graph;
        try
        {
            graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath)).Graph;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return OutputKind.Auto;
        }

        var producers = new Dictionary<string, NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            foreach (string output in node.Output)
            {
                producers[output] = node;
            }
        }

        string tensor = outputName;
        for (int depth = 0; depth < 16 && producers.TryGetValue(tensor, out NodeProto? node); depth++)
        {
            if (SoftmaxOps.Contains(node.OpType))
            {
                return OutputKind.Probabilities;
            }

            if (LinearOps.Contains(node.OpType))
            {
                return OutputKind.Logits;
            }

            if (!PassThrough.Contains(node.OpType) || node.Input.Count == 0)
            {
                break;
            }

            tensor = node.Input[0];
        }

        return OutputKind.Auto;
    }
}
