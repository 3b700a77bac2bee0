using System.Text.Json;
using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Models;

/// <summary>
/// <c>edgeclassifier eval</c> on a dataset built from the shared photos, checked against accuracy computed here
/// independently from expected.json's reference top-5 lists.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private const string Model = "mobilenet_v1_0.5_160_quant.onnx";
    private const double AmbiguityMargin = 0.2;

    // Folder → images. Folder names exercise every matching rule: exact ("chickadee"), case ("egyptian CAT"),
    // synonym ("dragonfly" of "dragonfly, darning needle, ..."), and the mapping file ("chips", "uniform").
    // resized_cat.bmp in "chickadee" and squat.bmp in "daisy" are deliberately in the wrong folder.
    private static readonly Dictionary<string, string[]> Folders = new()
    {
        ["chickadee"] = ["bird.bmp", "resized_cat.bmp"],
        ["egyptian CAT"] = ["cat.bmp"],
        ["dragonfly"] = ["dragonfly.bmp"],
        ["chips"] = ["missvickie_potato_chips.bmp"],
        ["daisy"] = ["sunflower.bmp", "squat.bmp"],
        ["uniform"] = ["grace_hopper.bmp"],
    };

    private static readonly Dictionary<string, string> Mapping = new() { ["chips"] = "packet", ["uniform"] = "military uniform" };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Json_report_matches_accuracy_computed_from_the_reference_top5()
    {
        string dataset = BuildDataset(_temp.File("dataset"));
        string mapping = _temp.File("mapping.txt");
        File.WriteAllLines(mapping, ["# folder=label", .. Mapping.Select(m => $"{m.Key}={m.Value}")]);

        var result = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), "--mapping", mapping, "--json", dataset);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Single(result.OutputLines);
        Assert.DoesNotContain("[#", result.Error); // no progress bar with --json
        using var report = JsonDocument.Parse(result.Output);
        JsonElement root = report.RootElement;
        Reference expected = ComputeReference();

        Assert.Equal(expected.Count, root.GetProperty("count").GetInt32());
        Assert.Equal(expected.Top1, root.GetProperty("top1").GetDouble(), 1e-6);
        Assert.Equal(expected.Top5, root.GetProperty("top5").GetDouble(), 1e-6);
        Assert.Equal(expected.AmbiguousShare, root.GetProperty("ambiguousShare").GetDouble(), 1e-6);
        JsonElement perClass = root.GetProperty("perClass");
        Assert.Equal(Folders.Count, perClass.EnumerateObject().Count());
        foreach (var (label, metrics) in expected.PerClass)
        {
            JsonElement actual = perClass.GetProperty(label);
            Assert.Equal(metrics.Count, actual.GetProperty("count").GetInt32());
            Assert.Equal(metrics.Recall, actual.GetProperty("recall").GetDouble(), 1e-6);
            Assert.Equal(metrics.Recall, actual.GetProperty("top1").GetDouble(), 1e-6);
            if (metrics.Precision is { } precision)
            {
                Assert.Equal(precision, actual.GetProperty("precision").GetDouble(), 1e-6);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, actual.GetProperty("precision").ValueKind);
            }
        }

        var confusions = root.GetProperty("confusions").EnumerateArray()
            .Select(c => (c.GetProperty("actual").GetString()!, c.GetProperty("predicted").GetString()!, c.GetProperty("count").GetInt32()))
            .OrderBy(c => c.Item1).ThenBy(c => c.Item2).ToArray();
        Assert.Equal(expected.Confusions.OrderBy(c => c.Actual).ThenBy(c => c.Predicted).ToArray(), confusions);
        JsonElement latency = root.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0);
        Assert.True(latency.GetProperty("p95").GetDouble() >= latency.GetProperty("p50").GetDouble());
    }

    [Fact]
    public void Text_report_lists_classes_and_the_confusion()
    {
        string dataset = BuildDataset(_temp.File("dataset"));
        string mapping = _temp.File("mapping.txt");
        File.WriteAllLines(mapping, Mapping.Select(m => $"{m.Key}={m.Value}"));

        var result = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), "--mapping", mapping, dataset);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("8 images", result.Output);
        Assert.Contains("military uniform", result.Output);
        Assert.Contains("most frequent confusions", result.Output);
        Assert.Contains("daisy -> dumbbell", result.Output);
    }

    [Fact]
    public void Unmatched_folder_is_an_error_naming_it()
    {
        string dataset = BuildDataset(_temp.File("dataset"));

        var result = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), dataset);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'chips'", result.Error);
        Assert.Contains("--mapping", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Missing_and_empty_datasets_are_one_line_errors()
    {
        var missing = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), _temp.File("nothing-here"));
        Directory.CreateDirectory(_temp.File("empty/daisy"));
        var empty = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), _temp.File("empty"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothing-here: dataset folder not found", missing.Error);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("no images in label folder 'daisy'", empty.Error);
    }

    [Fact]
    public void Unreadable_image_is_reported_and_skipped_with_exit_code_2()
    {
        string dataset = _temp.File("broken");
        Directory.CreateDirectory(Path.Combine(dataset, "daisy"));
        File.Copy(SharedAssets.Image("sunflower.bmp"), Path.Combine(dataset, "daisy", "sunflower.bmp"));
        byte[] jpeg = File.ReadAllBytes(SharedAssets.Image("hot_dog.jpg"));
        File.WriteAllBytes(Path.Combine(dataset, "daisy", "truncated.jpg"), jpeg[..(jpeg.Length / 3)]);

        var result = CliProcess.Run("eval", "--model", SharedAssets.OnnxModel(Model), "--json", dataset);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("truncated.jpg", result.Error);
        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(1, report.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(1.0, report.RootElement.GetProperty("top1").GetDouble());
        Assert.Single(report.RootElement.GetProperty("unreadable").EnumerateArray());
    }

    private static string BuildDataset(string root)
    {
        foreach (var (folder, images) in Folders)
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            foreach (string image in images)
            {
                File.Copy(SharedAssets.Image(image), Path.Combine(root, folder, image));
            }
        }

        return root;
    }

    /// <summary>Everything the report should say, from expected.json's top-5 lists alone.</summary>
    private static Reference ComputeReference()
    {
        string[] labels = File.ReadAllLines(SharedAssets.LabelsFile);
        int LabelIndex(string folder)
        {
            string wanted = Mapping.GetValueOrDefault(folder, folder);
            return Array.FindIndex(labels, l => l.Split(',').Any(s => string.Equals(s.Trim(), wanted, StringComparison.OrdinalIgnoreCase)));
        }

        var top5ByImage = SharedAssets.Expected.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == Model)
            .ToDictionary(
                r => Path.GetFileName(r.GetProperty("image").GetString()!),
                r => r.GetProperty("top5").EnumerateArray().Select(t => (Index: t.GetProperty("index").GetInt32(), Score: t.GetProperty("score").GetDouble())).ToArray());

        var samples = Folders.SelectMany(f => f.Value.Select(image => (Actual: LabelIndex(f.Key), Top5: top5ByImage[image]))).ToArray();
        Assert.DoesNotContain(samples, s => s.Actual < 0);
        var perClass = Folders.Keys.Select(LabelIndex).Distinct().ToDictionary(
            index => labels[index],
            index =>
            {
                var ofClass = samples.Where(s => s.Actual == index).ToArray();
                int predicted = samples.Count(s => s.Top5[0].Index == index);
                int correct = ofClass.Count(s => s.Top5[0].Index == index);
                return (Count: ofClass.Length, Precision: predicted == 0 ? (double?)null : (double)correct / predicted, Recall: (double)correct / ofClass.Length);
            });
        var confusions = samples.Where(s => s.Top5[0].Index != s.Actual)
            .GroupBy(s => (Actual: labels[s.Actual], Predicted: labels[s.Top5[0].Index]))
            .Select(g => (g.Key.Actual, g.Key.Predicted, Count: g.Count()))
            .ToArray();
        return new Reference(
            samples.Length,
            (double)samples.Count(s => s.Top5[0].Index == s.Actual) / samples.Length,
            (double)samples.Count(s => s.Top5.Any(t => t.Index == s.Actual)) / samples.Length,
            (double)samples.Count(s => s.Top5[0].Score - s.Top5[1].Score < AmbiguityMargin) / samples.Length,
            perClass,
            confusions);
    }

    private sealed record Reference(
        int Count,
        double Top1,
        double Top5,
        double AmbiguousShare,
        Dictionary<string, (int Count, double? Precision, double Recall)> PerClass,
        (string Actual, string Predicted, int Count)[] Confusions);
}
