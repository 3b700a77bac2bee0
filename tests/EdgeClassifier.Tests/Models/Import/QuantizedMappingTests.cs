using EdgeClassifier.Models.Import;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using static EdgeClassifier.Tests.Models.Import.TinyTflite;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>
/// An int8 model with per-channel weights (as TFLite's full-integer converter writes them): uint8 input,
/// QUANTIZE to int8, CONV_2D and DEPTHWISE_CONV_2D with per-axis scales, DEQUANTIZE. Checked against a direct
/// computation and for integer kernels after ONNX Runtime's optimisation.
/// </summary>
public sealed class QuantizedMappingTests : IDisposable
{
    private const int Quantize = 114, Conv = 3, Depthwise = 4, Dequantize = 6;
    private const float InputScale = 0.05f, ConvScale = 0.02f, DepthwiseScale = 0.03f;
    private const long InputZeroPoint = 128, ConvZeroPoint = -10, DepthwiseZeroPoint = 5;
    private static readonly float[] ConvWeightScales = [0.01f, 0.02f];
    private static readonly sbyte[] ConvWeights = [50, -30, 20, 100]; // [2 out, 1, 1, 2 in]
    private static readonly int[] ConvBias = [400, -150];
    private static readonly float[] DepthwiseWeightScales = [0.1f, 0.05f];
    private static readonly sbyte[] DepthwiseWeights = [12, -25]; // [1, 1, 1, 2 channels]
    private static readonly int[] DepthwiseBias = [30, 60];

    private readonly TempFolder _folder = new();

    [Fact]
    public void PerChannelInt8GraphMatchesDirectComputation()
    {
        var input = Enumerable.Range(0, 18).Select(i => (byte)((i * 53) % 256)).ToArray();
        var model = Import();

        using var session = new InferenceSession(model);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<byte>(input, [1, 3, 3, 2]))]);
        var actual = outputs.Single().AsEnumerable<float>().ToArray();

        Assert.Equal(Reference(input), actual, (a, b) => Math.Abs(a - b) <= DepthwiseScale * 1.01f);
    }

    [Fact]
    public void PerChannelInt8GraphRunsIntegerConvolutions()
    {
        var model = Import();
        var optimizedPath = _folder.File("optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimizedPath })
        using (new InferenceSession(model, options))
        {
        }

        var operators = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath)).Graph.Node.Select(n => n.OpType).ToArray();
        Assert.True(operators.Count(op => op == "QLinearConv") == 2, string.Join(",", operators));
        Assert.DoesNotContain("Conv", operators);
    }

    [Fact]
    public void Int8InputIsOfferedAsUint8WithTheSameRealValues()
    {
        var path = _folder.File("int8_input.tflite");
        File.WriteAllBytes(path, Build(
            [new("input", [1, 4], Int8, Scales: [0.5f], ZeroPoints: [-3]), new("real", [1, 4])],
            [new(Dequantize, [0], [1])],
            [0],
            [1]));
        var result = TfliteImporter.Import(path, _folder.File("int8_input.onnx"));

        using var session = new InferenceSession(result.OutputPath);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<byte>(new byte[] { 0, 125, 128, 255 }, [1, 4]))]);

        // uint8 u stands for int8 u − 128, whose real value is 0.5 · (u − 128 − (−3)).
        Assert.Equal([-62.5f, 0f, 1.5f, 65f], outputs.Single().AsEnumerable<float>());
        Assert.Equal("uint8", result.Metadata["input_dtype"]);
        Assert.Equal("125", result.Metadata["input_quant_zero_point"]);
    }

    public void Dispose() => _folder.Dispose();

    private string Import()
    {
        TensorSpec[] tensors =
        [
            new("input", [1, 3, 3, 2], UInt8, Scales: [InputScale], ZeroPoints: [InputZeroPoint]),
            new("input_int8", [1, 3, 3, 2], Int8, Scales: [InputScale], ZeroPoints: [0]),
            new("conv_weights", [2, 1, 1, 2], Int8, (byte[])(Array)ConvWeights, ConvWeightScales, [0, 0], Axis: 0),
            new("conv_bias", [2], Int32Type, Bytes(ConvBias), [.. ConvWeightScales.Select(s => s * InputScale)], [0, 0]),
            new("convolved", [1, 3, 3, 2], Int8, Scales: [ConvScale], ZeroPoints: [ConvZeroPoint]),
            new("depthwise_weights", [1, 1, 1, 2], Int8, (byte[])(Array)DepthwiseWeights, DepthwiseWeightScales, [0, 0], Axis: 3),
            new("depthwise_bias", [2], Int32Type, Bytes(DepthwiseBias), [.. DepthwiseWeightScales.Select(s => s * ConvScale)], [0, 0]),
            new("filtered", [1, 3, 3, 2], Int8, Scales: [DepthwiseScale], ZeroPoints: [DepthwiseZeroPoint]),
            new("result", [1, 3, 3, 2]),
        ];
        OperatorSpec[] operators =
        [
            new(Quantize, [0], [1]),
            new(Conv, [1, 2, 3], [4], (0, (sbyte)1), (1, 1), (2, 1)),
            new(Depthwise, [4, 5, 6], [7], (0, (sbyte)1), (1, 1), (2, 1), (3, 1)),
            new(Dequantize, [7], [8]),
        ];
        var path = _folder.File("int8.tflite");
        File.WriteAllBytes(path, Build(tensors, operators, [0], [8]));
        return TfliteImporter.Import(path, _folder.File("int8.onnx")).OutputPath;
    }

    private static byte[] Bytes(int[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static float[] Reference(byte[] input)
    {
        var result = new float[input.Length];
        for (var p = 0; p < input.Length / 2; p++)
        {
            float[] x = [InputScale * (input[2 * p] - InputZeroPoint), InputScale * (input[(2 * p) + 1] - InputZeroPoint)];
            var convolved = new float[2];
            for (var o = 0; o < 2; o++)
            {
                var sum = (ConvBias[o] * ConvWeightScales[o] * InputScale)
                    + (ConvWeightScales[o] * ((ConvWeights[2 * o] * x[0]) + (ConvWeights[(2 * o) + 1] * x[1])));
                convolved[o] = Requantize(sum, ConvScale, ConvZeroPoint);
            }

            for (var c = 0; c < 2; c++)
            {
                var sum = (DepthwiseBias[c] * DepthwiseWeightScales[c] * ConvScale) + (DepthwiseWeightScales[c] * DepthwiseWeights[c] * convolved[c]);
                result[(2 * p) + c] = Requantize(sum, DepthwiseScale, DepthwiseZeroPoint);
            }
        }

        return result;
    }

    private static float Requantize(float value, float scale, long zeroPoint) =>
        scale * (Math.Clamp(MathF.Round(value / scale) + zeroPoint, -128, 127) - zeroPoint);
}
