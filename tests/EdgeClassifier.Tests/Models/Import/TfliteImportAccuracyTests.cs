using System.Text.Json;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Imported models give the same results as the reference ONNX conversions and expected.json.</summary>
public sealed class TfliteImportAccuracyTests(ImportedCoralModels models, ITestOutputHelper output) : IClassFixture<ImportedCoralModels>
{
    private const float ScoreTolerance = 2f / 256f;

    public static TheoryData<string, string> ModelsAndImages()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in SharedModels.CoralModels())
        {
            data.Add(model, "bird.rgb");
            data.Add(model, "sunflower.rgb");
        }

        return data;
    }

    [Fact]
    public void EveryCoralModelIsCovered() =>
        Assert.Equal(5, SharedModels.CoralModels().Length);

    [Theory]
    [MemberData(nameof(ModelsAndImages))]
    public void ImportedModelMatchesReferenceConversion(string tflite, string image)
    {
        var (result, elapsed) = models.Get(tflite);
        output.WriteLine($"import of {tflite}: {elapsed.TotalMilliseconds:F0} ms");
        var reference = SharedModels.Onnx(Path.ChangeExtension(tflite, ".onnx"));
        var (height, width) = OnnxRunner.InputSize(reference);
        Assert.Equal((height, width), OnnxRunner.InputSize(result.OutputPath));
        var input = OnnxRunner.LoadRgb(SharedModels.Image(image), height, width);

        var imported = OnnxRunner.Run(result.OutputPath, input);
        var expected = OnnxRunner.Run(reference, input);

        Assert.Equal(expected.Length, imported.Length);
        var importedTop = OnnxRunner.Top5(imported);
        var expectedTop = OnnxRunner.Top5(expected);
        Assert.Equal(expectedTop.Select(p => p.Index), importedTop.Select(p => p.Index));
        Assert.All(importedTop.Zip(expectedTop), pair => Assert.InRange(pair.First.Score - pair.Second.Score, -ScoreTolerance, ScoreTolerance));
        if (tflite.Contains("embedding", StringComparison.Ordinal))
        {
            // The embedding has no softmax: every feature must agree within 2 quantization levels.
            var level = float.Parse(result.Metadata["output_quant_scale"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.All(imported.Zip(expected), pair => Assert.InRange(pair.First - pair.Second, -2 * level, 2 * level));
        }
    }

    [Theory]
    [InlineData("bird.rgb")]
    [InlineData("sunflower.rgb")]
    public void ImportedModelMatchesExpectedJsonTop5(string image)
    {
        const string model = "mobilenet_v2_1.0_224_quant";
        var (result, _) = models.Get(model + ".tflite");
        var scores = OnnxRunner.Run(result.OutputPath, OnnxRunner.LoadRgb(SharedModels.Image(image), 224, 224));

        using var expectedJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedModels.Root, "expected.json")));
        var entry = expectedJson.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("model").GetString() == model + ".onnx" && r.GetProperty("image").GetString() == "images/" + image);
        var expectedTop = entry.GetProperty("top5").EnumerateArray()
            .Select(t => (Index: t.GetProperty("index").GetInt32(), Score: t.GetProperty("score").GetSingle()))
            .ToArray();

        var top = OnnxRunner.Top5(scores);
        Assert.Equal(expectedTop.Select(t => t.Index), top.Select(t => t.Index));
        Assert.All(top.Zip(expectedTop), pair => Assert.InRange(pair.First.Score - pair.Second.Score, -ScoreTolerance, ScoreTolerance));
    }

    [Fact]
    public void EmbeddingMatchesExpectedJsonLevels()
    {
        const string model = "mobilenet_v1_1.0_224_quant_embedding_extractor";
        var (result, _) = models.Get(model + ".tflite");
        var features = OnnxRunner.Run(result.OutputPath, OnnxRunner.LoadRgb(SharedModels.Image("bird.rgb"), 224, 224));

        using var expectedJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedModels.Root, "expected.json")));
        var entry = expectedJson.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("model").GetString() == model + ".onnx" && r.GetProperty("image").GetString() == "images/bird.rgb");
        var levels = Convert.FromBase64String(entry.GetProperty("embedding_uint8_base64").GetString()!);
        var scale = entry.GetProperty("output_quant_scale").GetSingle();

        Assert.Equal(levels.Length, features.Length);
        Assert.All(features.Zip(levels), pair => Assert.InRange(pair.First / scale - pair.Second, -2f, 2f));
    }
}
