using EdgeClassifier.Models.Import;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static EdgeClassifier.Tests.Models.Import.TinyTflite;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>
/// Operators the shared MobileNets do not use, checked on a float model built with FlatBufferBuilder against a
/// direct NHWC computation: any mix-up of axes between TFLite's NHWC and ONNX's NCHW changes the result.
/// PAD comes after MAX_POOL because ONNX Runtime's PadFusion folds a float Pad into a following MaxPool and then
/// rejects pads as large as the kernel.
/// </summary>
public sealed class OperatorMappingTests : IDisposable
{
    private const int Pad = 34, MaxPool = 17, Conv = 3, Concatenation = 2, Mul = 18, Mean = 40, FullyConnected = 9;
    private const int HardSwish = 117, Logistic = 14, Softmax = 25;
    private const int SamePadding = 0, ValidPadding = 1, ReluActivation = 1;

    private static readonly float[] ConvWeights = [0.5f, -1f, 1.5f, 0.25f, -0.75f, 2f]; // [3 out, 1, 1, 2 in]
    private static readonly float[] ConvBias = [0.1f, -0.2f, 0.3f];
    private static readonly float[] Multipliers = [1f, -2f, 0.5f, 3f, -1f];
    private static readonly float[] DenseWeights = [.. Enumerable.Range(0, 20).Select(i => ((i * 7) % 11 / 5f) - 1f)]; // [4, 5]
    private static readonly float[] DenseBias = [0.5f, -0.5f, 0.25f, 0f];

    private readonly TempFolder _folder = new();

    [Fact]
    public void FloatGraphMatchesDirectComputation()
    {
        var input = Enumerable.Range(0, 50).Select(i => (i * 0.37f % 1.3f) - 0.5f).ToArray();
        var path = _folder.File("ops.tflite");
        File.WriteAllBytes(path, BuildModel());

        var result = TfliteImporter.Import(path, _folder.File("ops.onnx"));
        using var session = new InferenceSession(result.OutputPath);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input, [1, 5, 5, 2]))]);
        var actual = outputs.Single().AsEnumerable<float>().ToArray();

        Assert.Equal(Reference(input), actual, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void SoftmaxBetaScalesLogits()
    {
        var path = _folder.File("softmax.tflite");
        File.WriteAllBytes(path, Build([new("in", [1, 4]), new("probabilities", [1, 4])], [new(Softmax, [0], [1], (0, 2f))], [0], [1]));
        var result = TfliteImporter.Import(path, _folder.File("softmax.onnx"));

        using var session = new InferenceSession(result.OutputPath);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(new float[] { 0, 1, 2, 3 }, [1, 4]))]);

        Assert.Equal(SoftmaxOf([0, 2, 4, 6]), outputs.Single().AsEnumerable<float>(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] BuildModel()
    {
        TensorSpec[] tensors =
        [
            new("input", [1, 5, 5, 2]),
            new("pooled", [1, 3, 3, 2]),
            TensorSpec.Ints("paddings", [4, 2], 0, 0, 1, 0, 0, 1, 0, 0),
            new("padded", [1, 4, 4, 2]),
            TensorSpec.Floats("conv_weights", [3, 1, 1, 2], ConvWeights),
            TensorSpec.Floats("conv_bias", [3], ConvBias),
            new("convolved", [1, 4, 4, 3]),
            new("concatenated", [1, 4, 4, 5]),
            TensorSpec.Floats("multipliers", [5], Multipliers),
            new("scaled", [1, 4, 4, 5]),
            TensorSpec.Ints("mean_axes", [2], 1, 2),
            new("averaged", [1, 5]),
            TensorSpec.Floats("dense_weights", [4, 5], DenseWeights),
            TensorSpec.Floats("dense_bias", [4], DenseBias),
            new("dense", [1, 4]),
            new("swished", [1, 4]),
            new("squashed", [1, 4]),
            new("probabilities", [1, 4]),
        ];
        OperatorSpec[] operators =
        [
            new(MaxPool, [0], [1], (0, (sbyte)SamePadding), (1, 2), (2, 2), (3, 2), (4, 2)),
            new(Pad, [1, 2], [3]),
            new(Conv, [3, 4, 5], [6], (0, (sbyte)ValidPadding), (1, 1), (2, 1), (3, (sbyte)ReluActivation)),
            new(Concatenation, [3, 6], [7], (0, -1)),
            new(Mul, [7, 8], [9]),
            new(Mean, [9, 10], [11], (0, false)),
            new(FullyConnected, [11, 12, 13], [14]),
            new(HardSwish, [14], [15]),
            new(Logistic, [15], [16]),
            new(Softmax, [16], [17], (0, 1f)),
        ];
        return Build(tensors, operators, [0], [17]);
    }

    /// <summary>The same graph computed directly on NHWC arrays.</summary>
    private static float[] Reference(float[] input)
    {
        float At(float[] t, int width, int channels, int h, int w, int c) => t[(((h * width) + w) * channels) + c];

        // MAX_POOL 2x2 stride 2 SAME: windows past the edge only see the values inside.
        var pooled = new float[3 * 3 * 2];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var max = float.NegativeInfinity;
                    for (var h = 2 * i; h < Math.Min(5, (2 * i) + 2); h++)
                    {
                        for (var w = 2 * j; w < Math.Min(5, (2 * j) + 2); w++)
                        {
                            max = Math.Max(max, At(input, 5, 2, h, w, c));
                        }
                    }

                    pooled[(((i * 3) + j) * 2) + c] = max;
                }
            }
        }

        // PAD: one row on top, one column on the right.
        var padded = new float[4 * 4 * 2];
        for (var h = 1; h < 4; h++)
        {
            for (var w = 0; w < 3; w++)
            {
                for (var c = 0; c < 2; c++)
                {
                    padded[(((h * 4) + w) * 2) + c] = At(pooled, 3, 2, h - 1, w, c);
                }
            }
        }

        // CONV 1x1 + RELU, CONCATENATION on channels, MUL per channel, MEAN over H and W.
        var averaged = new float[5];
        for (var p = 0; p < 16; p++)
        {
            var channels = new float[5];
            channels[0] = padded[(p * 2) + 0];
            channels[1] = padded[(p * 2) + 1];
            for (var o = 0; o < 3; o++)
            {
                var sum = ConvBias[o] + (ConvWeights[o * 2] * channels[0]) + (ConvWeights[(o * 2) + 1] * channels[1]);
                channels[2 + o] = Math.Max(0, sum);
            }

            for (var c = 0; c < 5; c++)
            {
                averaged[c] += channels[c] * Multipliers[c] / 16f;
            }
        }

        // FULLY_CONNECTED, HARD_SWISH, LOGISTIC, SOFTMAX.
        var logits = new float[4];
        for (var o = 0; o < 4; o++)
        {
            var x = DenseBias[o] + Enumerable.Range(0, 5).Sum(k => DenseWeights[(o * 5) + k] * averaged[k]);
            x = x * Math.Clamp(x + 3, 0, 6) / 6;
            logits[o] = 1f / (1f + MathF.Exp(-x));
        }

        return SoftmaxOf(logits);
    }

    private static float[] SoftmaxOf(float[] logits)
    {
        var exp = logits.Select(MathF.Exp).ToArray();
        return [.. exp.Select(e => e / exp.Sum())];
    }
}
