using EdgeClassifier.Models.Import;
using EdgeClassifier.Tests.Models.Import;
using static EdgeClassifier.Tests.Models.Import.TinyTflite;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>
/// <c>edgeclassifier import</c> end to end: zip handling, the flatbuffer reader, metadata, the graph converter and
/// the labels. Bad input is documented as <see cref="ModelImportException"/>.
/// </summary>
internal sealed class TfliteTarget : IFuzzTarget
{
    private const int Add = 0, AveragePool = 1, Concatenation = 2, Conv = 3, Depthwise = 4, FullyConnected = 9;
    private const int Pad = 34, Mean = 40, Reshape = 22, Softmax = 25, Quantize = 114;

    private readonly string _model = Path.Combine(FuzzTargets.Scratch, "model.tflite");
    private readonly string _output = Path.Combine(FuzzTargets.Scratch, "model.onnx");

    public void Run(Stream input)
    {
        File.WriteAllBytes(_model, FuzzTargets.ReadAll(input));
        try
        {
            TfliteImporter.Import(_model, _output);
        }
        catch (ModelImportException)
        {
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var floats = FloatNetwork();
        yield return ("float.tflite", floats);
        yield return ("quantized.tflite", QuantizedNetwork());
        yield return ("starter.zip", TfliteFiles.Zip(("model.tflite", floats), ("labels.txt", TfliteFiles.Lines(["a", "b", "c"]))));
    }

    /// <summary>Every layout-sensitive operator once: pad, depthwise and plain convolution, pooling, concat, mean, dense.</summary>
    private static byte[] FloatNetwork()
    {
        TensorSpec[] tensors =
        [
            new("image", [1, 4, 4, 2]),
            TensorSpec.Ints("paddings", [4, 2], 0, 0, 1, 1, 1, 1, 0, 0),
            new("padded", [1, 6, 6, 2]),
            TensorSpec.Floats("dw", [1, 3, 3, 2], 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0),
            new("depthwise", [1, 4, 4, 2]),
            TensorSpec.Floats("pw", [2, 1, 1, 2], 1, -1, 0.5f, 2),
            new("pointwise", [1, 4, 4, 2]),
            new("pooled", [1, 2, 2, 2]),
            new("joined", [1, 2, 2, 4]),
            TensorSpec.Ints("axes", [2], 1, 2),
            new("mean", [1, 4]),
            TensorSpec.Floats("dense", [3, 4], 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1),
            new("logits", [1, 3]),
            new("scores", [1, 3]),
        ];
        OperatorSpec[] operators =
        [
            new(Pad, [0, 1], [2]),
            new(Depthwise, [2, 3], [4], (0, (sbyte)1), (1, 1), (2, 1), (3, 1), (4, (sbyte)1)),
            new(Conv, [4, 5], [6], (0, (sbyte)0), (1, 1), (2, 1)),
            new(AveragePool, [6], [7], (0, (sbyte)1), (1, 2), (2, 2), (3, 2), (4, 2)),
            new(Concatenation, [7, 7], [8], (0, 3)),
            new(Mean, [8, 9], [10], (0, false)),
            new(FullyConnected, [10, 11], [12]),
            new(Softmax, [12], [13], (0, 1f)),
        ];
        return Build(tensors, operators, [0], [13]);
    }

    /// <summary>A uint8 input quantized through ADD, RESHAPE and QUANTIZE, as the Coral classifiers are.</summary>
    private static byte[] QuantizedNetwork()
    {
        TensorSpec[] tensors =
        [
            new("input", [1, 2, 2, 1], UInt8, Scales: [0.5f], ZeroPoints: [128]),
            new("doubled", [1, 2, 2, 1], UInt8, Scales: [1f], ZeroPoints: [128]),
            new("flat", [1, 4], UInt8, Scales: [1f], ZeroPoints: [128]),
            new("output", [1, 4], Int8, Scales: [0.25f], ZeroPoints: [0]),
        ];
        OperatorSpec[] operators =
        [
            new(Add, [0, 0], [1]),
            new(Reshape, [1], [2]),
            new(Quantize, [2], [3]),
        ];
        return Build(tensors, operators, [0], [3]);
    }
}
