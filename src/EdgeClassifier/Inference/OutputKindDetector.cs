using Google.Protobuf;
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
        List<NodeProto> nodes;
        try
        {
            nodes = ReadNodes(modelPath);
        }
        catch (InvalidProtocolBufferException)
        {
            return OutputKind.Auto;
        }

        var producers = new Dictionary<string, NodeProto>();
        foreach (NodeProto node in nodes)
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

    /// <summary>
    /// The graph's nodes alone, streamed from the file. The weights (the graph's initializers, nearly all of the file)
    /// are skipped rather than read: ONNX Runtime already holds the model, and parsing the whole file here put a second
    /// and third copy of it (the file's bytes and the parsed tensors) on the managed heap at every load.
    /// </summary>
    private static List<NodeProto> ReadNodes(string modelPath)
    {
        var nodes = new List<NodeProto>();
        using var input = new CodedInputStream(File.OpenRead(modelPath));
        for (uint tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (!IsMessage(tag, ModelProto.GraphFieldNumber))
            {
                input.SkipLastField();
                continue;
            }

            long end = input.ReadLength();
            end += input.Position;
            while (input.Position < end && input.ReadTag() is var graphTag and not 0)
            {
                if (IsMessage(graphTag, GraphProto.NodeFieldNumber))
                {
                    var node = new NodeProto();
                    input.ReadMessage(node);
                    nodes.Add(node);
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }

        return nodes;
    }

    private static bool IsMessage(uint tag, int fieldNumber) =>
        WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
}
