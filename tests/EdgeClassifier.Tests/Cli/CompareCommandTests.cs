using System.Text.Json;
using EdgeClassifier.Tests.Inference;

namespace EdgeClassifier.Tests.Cli;

/// <summary>
/// The real <c>edgeclassifier compare</c> process: it picks by accuracy within the budget, and its figures are the
/// ones <c>bench</c> and <c>eval</c> give when run on their own.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_budget_far_below_the_slow_models_p99_keeps_it_from_being_chosen_however_accurate()
    {
        // The heavy model needs over a hundred billion operations per frame (about 0.7 s on an idle 2-core x86 VM,
        // seconds under load), the tiny one almost nothing (a few ms, tens under heavy load): a 250 ms budget sits
        // far from both, so neither load nor a quiet machine can flip the result.
        string models = _temp.File("models");
        Directory.CreateDirectory(models);
        TinyOnnxModels.ColourClassifier(models, 32, 32, extraMetadata: new Dictionary<string, string> { ["accuracy"] = "0.5" });
        TinyOnnxModels.HeavyClassifier(models, 224, 128, 9, new Dictionary<string, string> { ["accuracy"] = "0.9" });

        var tight = CliProcess.Run("compare", models, "--budget", "250", "--runs", "10", "--warmup", "1", "--threads", "1", "--json");

        Assert.True(tight.ExitCode == 0, tight.Error);
        using var json = JsonDocument.Parse(tight.Output);
        JsonElement heavy = Model(json, "heavy.onnx");
        JsonElement fast = Model(json, "colour_32x32.onnx");
        Assert.True(heavy.GetProperty("p99Ms").GetDouble() > 250, $"heavy p99 {heavy.GetProperty("p99Ms")} ms: the premise is a model over the budget");
        Assert.True(fast.GetProperty("p99Ms").GetDouble() < 250, $"fast p99 {fast.GetProperty("p99Ms")} ms: the premise is a model within the budget");
        Assert.Equal("colour_32x32.onnx", json.RootElement.GetProperty("recommended").GetString());
        Assert.Equal(0.9, heavy.GetProperty("top1").GetDouble());
        Assert.Equal("metadata", heavy.GetProperty("accuracySource").GetString());
        Assert.Contains("over the 250 ms budget", heavy.GetProperty("verdict").GetString());

        var generous = CliProcess.Run("compare", models, "--budget", "60000", "--runs", "3", "--warmup", "0", "--threads", "1");

        Assert.True(generous.ExitCode == 0, generous.Error);
        Assert.Contains("recommended at 60000 ms: heavy.onnx — most accurate within the budget", generous.Output);
        Assert.Contains(generous.OutputLines, l => l.StartsWith("* heavy.onnx", StringComparison.Ordinal));
        Assert.Contains(generous.OutputLines, l => l.StartsWith("colour_32x32.onnx", StringComparison.Ordinal) && l.Contains("less accurate"));
    }

    [Fact]
    public void Json_matches_bench_and_eval_run_on_their_own()
    {
        string dataset = BuildDataset();
        string small = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx");
        string medium = SharedAssets.OnnxModel("mobilenet_v1_0.5_160_quant.onnx");
        string[] settings = ["--runs", "100", "--warmup", "10", "--threads", "1"];

        var compare = CliProcess.Run(["compare", small, medium, "--dataset", dataset, .. settings, "--json"]);
        var bench = CliProcess.Run(["bench", "--model", medium, .. settings, "--json"]);
        var eval = CliProcess.Run("eval", "--model", medium, "--json", dataset);

        Assert.True(compare.ExitCode == 0, compare.Error);
        Assert.DoesNotContain("[#", compare.Error); // no progress bar with --json
        using var json = JsonDocument.Parse(compare.Output);
        Assert.Equal(2, json.RootElement.GetProperty("models").GetArrayLength());
        JsonElement measured = Model(json, "mobilenet_v1_0.5_160_quant.onnx");
        using var benchJson = JsonDocument.Parse(bench.Output);
        using var evalJson = JsonDocument.Parse(eval.Output);
        JsonElement benchTotal = benchJson.RootElement.GetProperty("stages").GetProperty("total");

        Assert.Equal(new FileInfo(medium).Length, measured.GetProperty("sizeBytes").GetInt64());
        foreach (string key in new[] { "top1", "top5", "ambiguousShare" })
        {
            Assert.Equal(evalJson.RootElement.GetProperty(key).GetDouble(), measured.GetProperty(key).GetDouble(), 1e-9);
        }

        // Latency and memory are measurements: the same within this shared machine's noise, not to the digit.
        AssertWithin(benchTotal.GetProperty("p50").GetDouble(), measured.GetProperty("p50Ms").GetDouble(), 3.0, "p50");
        AssertWithin(benchJson.RootElement.GetProperty("peakResidentBytes").GetDouble(), measured.GetProperty("peakRssBytes").GetDouble(), 1.3, "peak RSS");
        AssertWithin(benchJson.RootElement.GetProperty("loadMs").GetDouble(), measured.GetProperty("loadMs").GetDouble(), 4.0, "load");
        Assert.True(measured.GetProperty("p99Ms").GetDouble() >= measured.GetProperty("p50Ms").GetDouble());

        // The more accurate of the two on these photos is the 0.5 model; at 33 ms it wins unless the load pushed it over.
        JsonElement root = json.RootElement;
        string? recommended = root.GetProperty("recommended").GetString();
        Assert.Equal("mobilenet_v1_0.5_160_quant.onnx", root.GetProperty("models")[0].GetProperty("model").GetString());
        Assert.Equal(measured.GetProperty("p99Ms").GetDouble() <= 33 ? "mobilenet_v1_0.5_160_quant.onnx" : recommended, recommended);
    }

    [Fact]
    public void Accuracy_recorded_by_eval_ranks_the_models_when_compare_has_no_dataset()
    {
        string dataset = BuildDataset();
        string models = _temp.File("models");
        Directory.CreateDirectory(models);
        File.Copy(SharedAssets.LabelsFile, Path.Combine(models, Path.GetFileName(SharedAssets.LabelsFile)));
        var top1 = new Dictionary<string, double>();
        foreach (string name in new[] { "mobilenet_v1_0.25_128_quant.onnx", "mobilenet_v1_0.5_160_quant.onnx" })
        {
            string copy = Path.Combine(models, name);
            File.Copy(SharedAssets.OnnxModel(name), copy);
            var eval = CliProcess.Run("eval", "--model", copy, "--write-metadata", "--json", dataset);
            Assert.True(eval.ExitCode == 0, eval.Error);
            using var report = JsonDocument.Parse(eval.Output);
            top1[name] = report.RootElement.GetProperty("top1").GetDouble();
        }

        var compare = CliProcess.Run("compare", models, "--budget", "60000", "--runs", "5", "--warmup", "0", "--json");

        Assert.True(compare.ExitCode == 0, compare.Error);
        using var json = JsonDocument.Parse(compare.Output);
        foreach (var (name, accuracy) in top1)
        {
            Assert.Equal(accuracy, Model(json, name).GetProperty("top1").GetDouble(), 1e-4);
            Assert.Equal("metadata", Model(json, name).GetProperty("accuracySource").GetString());
        }

        Assert.Equal(top1.MaxBy(t => t.Value).Key, json.RootElement.GetProperty("recommended").GetString());
    }

    [Theory]
    [InlineData("nothing.onnx", "", "nothing.onnx: no such model file or folder")]
    [InlineData("empty", "", "no .onnx model in this folder")]
    [InlineData("", "--json --markdown", "give --json or --markdown, not both")]
    [InlineData("", "--source webcam", "--source 'webcam' is not a source")]
    [InlineData("", "--dataset nowhere", "nowhere: dataset folder not found")]
    public void Bad_input_is_a_one_line_error_with_exit_code_2(string model, string options, string message)
    {
        Directory.CreateDirectory(_temp.File("empty"));
        string path = model.Length == 0 ? SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx") : _temp.File(model);

        var run = CliProcess.Run(["compare", path, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Shared photos in folders named after their ImageNet labels.</summary>
    private string BuildDataset()
    {
        string dataset = _temp.File("dataset");
        foreach (var (label, images) in new Dictionary<string, string[]>
        {
            ["Egyptian cat"] = ["cat.bmp", "resized_cat.bmp", "cat_720p.jpg"],
            ["daisy"] = ["sunflower.bmp"],
            ["macaw"] = ["parrot.jpg"],
            ["dumbbell"] = ["squat.bmp"],
            ["hotdog"] = ["hot_dog.jpg"],
        })
        {
            Directory.CreateDirectory(Path.Combine(dataset, label));
            foreach (string image in images)
            {
                File.Copy(SharedAssets.Image(image), Path.Combine(dataset, label, image));
            }
        }

        return dataset;
    }

    private static JsonElement Model(JsonDocument json, string name) =>
        json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == name);

    private static void AssertWithin(double expected, double actual, double factor, string what) =>
        Assert.True(actual <= expected * factor && actual >= expected / factor, $"{what}: compare {actual}, alone {expected} (allowed factor {factor})");
}
