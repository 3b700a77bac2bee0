using System.Text.Json;
using EdgeClassifier.Models.Metadata;
using EdgeClassifier.Tests.Cli;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Models;

/// <summary>
/// Retraining: <c>train</c> over the original dataset plus a second folder (as collected on the device), with the
/// model it replaces scored on the same held-out scenes, and the version and accuracy recorded in the new model.
/// </summary>
public sealed class RetrainCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string Backbone = "mobilenet_v1_1.0_224_quant_embedding_extractor.onnx";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Training_on_two_folders_reports_before_and_after_and_records_version_and_accuracy()
    {
        string original = _temp.File("original");
        string collected = _temp.File("collected");
        Write(original, "cat", "cat", "cat.bmp");
        Write(original, "cat", "cat_hd", "cat_720p.jpg");
        Write(original, "bird", "bird", "bird.bmp");
        Write(original, "bird", "parrot", "parrot.jpg");

        // The second folder adds a new scene and more shots of a scene the first already has: "cat" in both is one
        // scene, so it must land on one side of the split as a whole.
        Write(collected, "bird", "owl", "owl.jpg");
        Write(collected, "cat", "cat", "resized_cat.bmp");
        string[] common = ["--backbone", SharedAssets.OnnxModel(Backbone), "--seed", "3", "--augment", "0", "--epochs", "100", "--validation", "0.5", "--cache", _temp.File("cache"), "--json"];

        var first = CliProcess.Run(["train", original, "-o", _temp.File("v1.onnx"), .. common]);
        Assert.True(first.ExitCode == 0, first.Error);
        var second = CliProcess.Run(["train", original, collected, "-o", _temp.File("v2.onnx"), "--baseline", _temp.File("v1.onnx"), .. common]);
        Assert.True(second.ExitCode == 0, second.Error);
        output.WriteLine(second.Output);

        using var report = JsonDocument.Parse(second.Output);
        JsonElement root = report.RootElement;
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal("v1.onnx", root.GetProperty("baselineModel").GetString());
        Assert.InRange(root.GetProperty("baselineAccuracy").GetDouble(), 0, 1);
        foreach (JsonProperty label in root.GetProperty("perClass").EnumerateObject())
        {
            Assert.InRange(label.Value.GetProperty("baselineAccuracy").GetDouble(), 0, 1);
        }

        // Every image of a held-out scene is validated, from both folders; no scene is named twice.
        string[] heldOut = root.GetProperty("validationGroups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        Assert.Equal(heldOut.Distinct().Count(), heldOut.Length);
        int heldOutImages = heldOut.Sum(g => new[] { original, collected }.Sum(d => Directory.Exists(Path.Combine(d, g)) ? Directory.GetFiles(Path.Combine(d, g)).Length : 0));
        Assert.Equal(heldOutImages, root.GetProperty("perClass").EnumerateObject().Sum(c => c.Value.GetProperty("count").GetInt32()));

        var metadata = ModelMetadataFile.Read(_temp.File("v2.onnx"));
        Assert.Equal("1", ModelMetadataFile.Read(_temp.File("v1.onnx"))["version"]);
        Assert.Equal("2", metadata["version"]);
        Assert.Equal(root.GetProperty("validationAccuracy").GetDouble(), ModelMetadataFile.Accuracy(metadata)!.Value, 1e-4);
        Assert.Contains("held-out images of", metadata["accuracy_dataset"]);
    }

    [Fact]
    public void A_baseline_mapping_names_the_old_models_labels_per_class_and_a_wrong_one_stops_before_training()
    {
        string dataset = _temp.File("dataset");
        Write(dataset, "cat", "cat", "cat.bmp");
        Write(dataset, "cat", "cat_hd", "cat_720p.jpg");
        Write(dataset, "bird", "bird", "bird.bmp");
        Write(dataset, "bird", "parrot", "parrot.jpg");
        string baseline = SharedAssets.OnnxModel("mobilenet_v2_1.0_224_quant.onnx");
        string[] common = ["train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", _temp.File("new.onnx"), "--seed", "3",
            "--augment", "0", "--epochs", "50", "--validation", "0.5", "--cache", _temp.File("cache")];
        File.WriteAllText(_temp.File("mapping.txt"), "cat=tabby, tabby cat|tiger cat|Persian cat|Siamese cat|Egyptian cat\nbird=chickadee|macaw\n");
        File.WriteAllText(_temp.File("typo.txt"), "cat=tabby|tigger cat\n");
        File.WriteAllText(_temp.File("stray.txt"), "dog=Saluki, gazelle hound\n");

        var unmapped = CliProcess.Run([.. common, "--baseline", baseline, "--json"]);
        var mapped = CliProcess.Run([.. common, "--baseline", baseline, "--baseline-mapping", _temp.File("mapping.txt"), "--json"]);
        var typo = CliProcess.Run([.. common, "--baseline", baseline, "--baseline-mapping", _temp.File("typo.txt")]);
        var stray = CliProcess.Run([.. common, "--baseline", baseline, "--baseline-mapping", _temp.File("stray.txt")]);
        var alone = CliProcess.Run([.. common, "--baseline-mapping", _temp.File("mapping.txt")]);

        // Folders "cat" and "bird" are no ImageNet label: unmapped, the old model misses every image; mapped, the
        // pretrained MobileNet V2 knows these photos (a chickadee, a macaw, Egyptian cats).
        Assert.True(unmapped.ExitCode == 0, unmapped.Error);
        Assert.True(mapped.ExitCode == 0, mapped.Error);
        output.WriteLine(mapped.Output);
        Assert.Equal(0, JsonDocument.Parse(unmapped.Output).RootElement.GetProperty("baselineAccuracy").GetDouble());
        Assert.True(JsonDocument.Parse(mapped.Output).RootElement.GetProperty("baselineAccuracy").GetDouble() >= 0.75, "measured 100 %");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'cat' is mapped to 'tigger cat', which is not one of the 1001 labels of mobilenet_v2_1.0_224_quant.onnx", typo.Error);
        Assert.DoesNotContain("embedding", typo.Output);
        Assert.Equal(2, stray.ExitCode);
        Assert.Contains("'dog' is not a label folder of the dataset", stray.Error);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--baseline-mapping needs --baseline", alone.Error);
    }

    private static void Write(string dataset, string label, string scene, string photo) =>
        PhotoVariants.Write(SharedAssets.Image(photo), Path.Combine(dataset, label, scene));
}
