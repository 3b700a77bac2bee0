using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Runs an ONNX model with a uint8 NHWC image input on the ONNX Runtime CPU provider.</summary>
internal static class OnnxRunner
{
    private const int RgbSize = 224;

    /// <summary>A 224x224 raw RGB image subsampled (nearest) to the model's input size.</summary>
    public static DenseTensor<byte> LoadRgb(string rgbFile, int height, int width)
    {
        var rgb = File.ReadAllBytes(rgbFile);
        var tensor = new DenseTensor<byte>([1, height, width, 3]);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var source = ((y * RgbSize / height * RgbSize) + (x * RgbSize / width)) * 3;
                for (var c = 0; c < 3; c++)
                {
                    tensor[0, y, x, c] = rgb[source + c];
                }
            }
        }

        return tensor;
    }

    public static (int Height, int Width) InputSize(string modelPath)
    {
        using var session = new InferenceSession(modelPath);
        var dims = session.InputMetadata["input"].Dimensions;
        return (dims[1], dims[2]);
    }

    public static float[] Run(string modelPath, DenseTensor<byte> input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.Single(r => r.Name == "output").AsEnumerable<float>().ToArray();
    }

    /// <summary>Top-5 (index, score) by score descending, ties by lower index.</summary>
    public static (int Index, float Score)[] Top5(float[] scores) =>
        scores.Select((s, i) => (Index: i, Score: s)).OrderByDescending(p => p.Score).ThenBy(p => p.Index).Take(5).ToArray();
}
