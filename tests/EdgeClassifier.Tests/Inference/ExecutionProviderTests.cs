using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;
using EdgeClassifier.Outputs;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Tests.Hosting;
using EdgeClassifier.Tests.Pipeline;

namespace EdgeClassifier.Tests.Inference;

/// <summary>Provider selection and CPU session settings, on the real (CPU-only) ONNX Runtime build and real models.</summary>
public class ExecutionProviderTests
{
    private static readonly string Model = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx");

    [Theory]
    [InlineData("Runtime:Providers:0", "tpu")]
    [InlineData("Runtime:Providers", "cuda,tpu")]
    public void Unknown_provider_is_a_config_error_naming_the_allowed_names(string key, string value)
    {
        var errors = Load(new() { [key] = value });

        string error = Assert.Single(errors);
        Assert.StartsWith("Runtime:Providers: 'tpu' is not a known execution provider; allowed: ", error);
        Assert.All(["cpu", "cuda", "tensorrt", "qnn", "openvino", "xnnpack"], name => Assert.Contains(name, error));
    }

    [Fact]
    public void Provider_list_and_cpu_settings_bind_from_configuration()
    {
        var (runtime, errors) = BoundOptions.Bind<RuntimeOptions>(new()
        {
            ["Model:Path"] = Model,
            ["Runtime:Providers"] = "qnn, cuda, cpu",
            ["Runtime:ProviderOptions:qnn:backend_path"] = "libQnnCpu.so",
            ["Runtime:Spinning"] = "true",
            ["Runtime:GraphOptimization"] = "basic",
        });

        Assert.Empty(errors);
        Assert.Equal(["qnn", "cuda", "cpu"], runtime!.Providers!);
        Assert.Equal("libQnnCpu.so", runtime!.OptionsFor(new QnnProvider())["backend_path"]);
        Assert.True(runtime!.Spinning);
        Assert.Equal(GraphOptimization.Basic, runtime!.GraphOptimization);
    }

    [Fact]
    public void Bad_graph_optimization_level_names_the_key_and_the_levels()
    {
        string error = Assert.Single(Load(new() { ["Runtime:GraphOptimization"] = "fast" }));
        Assert.Equal("Runtime:GraphOptimization: 'fast' is not valid; allowed values are disabled, basic, extended, all.", error);
    }

    [Fact]
    public void Provider_missing_from_this_build_is_logged_once_and_skipped_for_cpu()
    {
        Assert.False(ExecutionProviderCatalog.IsInBuild(new CudaProvider()), "this test expects the CPU-only ONNX Runtime package");
        var log = new List<string>();
        var sessions = new SessionFactory(log.Add);
        var runtime = new RuntimeOptions { Providers = ["cuda", "tensorrt"], Threads = 1 };

        using var main = ImageClassifier.Load(new ModelOptions { Path = Model }, runtime, sessions);
        using var fallback = ImageClassifier.Load(new ModelOptions { Path = Model }, runtime, sessions);

        Assert.Equal("cpu", main.Contract.Provider);
        Assert.Equal("cpu", fallback.Contract.Provider);
        Assert.Equal(2, log.Count);
        Assert.StartsWith("provider cuda skipped: not in this ONNX Runtime build (it has CPUExecutionProvider)", log[0]);
        Assert.StartsWith("provider tensorrt skipped: not in this ONNX Runtime build", log[1]);
    }

    [Fact]
    public void Chosen_provider_is_reported_in_the_stats_snapshot()
    {
        using var model = new ClassifierSet(
            ImageClassifier.Load(new ModelOptions { Path = Model }, new RuntimeOptions { Providers = ["cuda"] }, new SessionFactory(_ => { })),
            new ClassificationOptions(),
            new DecisionOptions());
        using var source = new SyntheticFrameSource(160, 120, 1000);
        var stats = new PipelineStats();
        var loop = PipelineFixtures.Loop(source, model, new PipelineOptions(), stats, new CollectingSink());
        source.Start();
        loop.Step();

        PipelineStatsSnapshot snapshot = stats.Snapshot();
        Assert.Equal("cpu", snapshot.Provider);
        Assert.Contains("\"provider\":\"cpu\"", StatsJson.Serialize(snapshot));
    }

    [Fact]
    public void Optimized_model_is_saved_then_loaded_and_classifies_the_same()
    {
        using var dir = new TempDirectory();
        var runtime = new RuntimeOptions { OptimizedModelPath = dir.File("optimized.onnx"), Threads = 1 };
        DecodedImage image = ImageFileDecoder.Decode(SharedAssets.Image("parrot.jpg"));

        float[] reference = Classify(new RuntimeOptions { Threads = 1 }, image);
        float[] firstStart = Classify(runtime, image);
        Assert.True(new FileInfo(runtime.OptimizedModelPath).Length > 0);
        DateTime saved = File.GetLastWriteTimeUtc(runtime.OptimizedModelPath);
        float[] secondStart = Classify(runtime, image);

        Assert.Equal(saved, File.GetLastWriteTimeUtc(runtime.OptimizedModelPath));
        Assert.Equal(reference, firstStart);
        Assert.Equal(reference, secondStart);
    }

    [Fact]
    public void Optimized_model_folder_must_exist()
    {
        string error = Assert.Single(Load(new() { ["Runtime:OptimizedModelPath"] = "/nonexistent-folder/model.ort.onnx" }));
        Assert.Equal("Runtime:OptimizedModelPath: folder '/nonexistent-folder' does not exist.", error);
    }

    private static float[] Classify(RuntimeOptions runtime, DecodedImage image)
    {
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = Model }, runtime);
        classifier.Preprocess(image.View);
        classifier.Infer();
        return classifier.Probabilities.ToArray();
    }

    private static IReadOnlyList<string> Load(Dictionary<string, string?> values)
    {
        values["Model:Path"] = Model;
        return BoundOptions.Bind<RuntimeOptions>(values).Errors;
    }
}
