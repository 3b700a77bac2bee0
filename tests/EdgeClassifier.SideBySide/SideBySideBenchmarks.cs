using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.SideBySide.Contenders;
using Microsoft.ML.OnnxRuntime;

using EdgeClassifier.Benchmarks;

namespace EdgeClassifier.SideBySide;

/// <summary>
/// The same frames and model classified four ways, plus this project once more with the service's power-saving
/// session default, and this project's preprocessing alone (where its overhead goes). Each contender's session is created in its own setup and disposed
/// in its cleanup, so only one session exists while a contender is timed: two 2-thread sessions busy at once on two
/// cores slow each other down badly.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class SideBySideBenchmarks
{
    private Frames _frames = null!;
    private IContender _contender = null!;
    private int _next;

    [ParamsSource(nameof(ModelNames))]
    public string Model { get; set; } = string.Empty;

    public IEnumerable<string> ModelNames => ["mobilenet_v2_1.0_224_quant.onnx", "mobilenet_v1_0.25_128_quant.onnx"];

    private string ModelPath => Path.Combine(SharedModels.Directory, "onnx", Model);

    [GlobalSetup(Target = nameof(Limit))]
    public void SetupLimit() => Setup(0);

    [GlobalSetup(Target = nameof(EdgeClassifierYuyv))]
    public void SetupEdgeClassifier() => Setup(1);

    [GlobalSetup(Target = nameof(MlNet))]
    public void SetupMlNet() => Setup(2);

    [GlobalSetup(Target = nameof(OrtTutorialJpeg))]
    public void SetupTutorial() => Setup(3);

    [GlobalSetup(Target = nameof(EdgeClassifierServiceDefaults))]
    public void SetupEdgeClassifierServiceDefaults() => Setup(4);

    [GlobalSetup(Target = nameof(EdgeClassifierNv12))]
    public void SetupEdgeClassifierNv12() => Setup(5);

    [GlobalSetup(Target = nameof(PreprocessYuyv))]
    public void SetupPreprocessYuyv() => Setup(6);

    [GlobalSetup(Target = nameof(PreprocessNv12))]
    public void SetupPreprocessNv12() => Setup(7);

    [GlobalSetup(Target = nameof(PairedYuyv))]
    public void SetupPairedYuyv() => Setup(8);

    [GlobalSetup(Target = nameof(PairedNv12))]
    public void SetupPairedNv12() => Setup(9);

    [GlobalCleanup]
    public void Cleanup() => _contender.Dispose();

    /// <summary>(1) bare ONNX Runtime Run on a preallocated, preprocessed input.</summary>
    [Benchmark(Baseline = true, Description = "1 limit: bare ORT Run")]
    public int Limit() => Next();

    /// <summary>(2) this project's frame path from a YUYV camera buffer, session settings as the limit's.</summary>
    [Benchmark(Description = "2 EdgeClassifier from YUYV")]
    public int EdgeClassifierYuyv() => Next();

    /// <summary>(3) ML.NET PredictionEngine from the YUYV buffer, converted to BGRA for its MLImage.</summary>
    [Benchmark(Description = "3 ML.NET PredictionEngine")]
    public int MlNet() => Next();

    /// <summary>(4) the ONNX Runtime C# tutorial pattern from a JPEG frame.</summary>
    [Benchmark(Description = "4 ORT tutorial from JPEG")]
    public int OrtTutorialJpeg() => Next();

    /// <summary>(2) from an NV12 buffer (CSI cameras, rpicam) instead of YUYV.</summary>
    [Benchmark(Description = "2n EdgeClassifier from NV12")]
    public int EdgeClassifierNv12() => Next();

    /// <summary>(2) again with the service's default of no spinning threads: the latency price of saving power.</summary>
    [Benchmark(Description = "2' same, Spinning=false (service default)")]
    public int EdgeClassifierServiceDefaults() => Next();

    /// <summary>(2)'s first stage alone: YUYV buffer into the model input, no session call.</summary>
    [Benchmark(Description = "p preprocessing alone from YUYV")]
    public int PreprocessYuyv() => Next();

    /// <summary>(2n)'s first stage alone: NV12 buffer into the model input, no session call.</summary>
    [Benchmark(Description = "pn preprocessing alone from NV12")]
    public int PreprocessNv12() => Next();

    /// <summary>(2) and (1) alternating frame by frame on one session: the overhead without drift between blocks.</summary>
    [Benchmark(Description = "P paired: frame path from YUYV, then limit")]
    public int PairedYuyv() => Next();

    /// <summary>The same pairing from NV12 buffers.</summary>
    [Benchmark(Description = "Pn paired: frame path from NV12, then limit")]
    public int PairedNv12() => Next();

    private int Next()
    {
        int index = _next;
        _next = (_next + 1) % _frames.Count;
        return _contender.Classify(index);
    }

    /// <summary>The contenders that classify, in benchmark order, each created only when asked for.</summary>
    internal IEnumerable<(string Name, Func<IContender> Create)> Contenders(Frames shared)
    {
        yield return ("1 limit: bare ORT Run", () => new BareOrtRun(ModelPath, shared));
        yield return ("2 EdgeClassifier from YUYV", () => new EdgeClassifierFramePath(ModelPath, shared, Runtime.Fastest));
        yield return ("3 ML.NET PredictionEngine", () => new MlNetPredictionEngine(ModelPath, shared, InputSize()));
        yield return ("4 ORT tutorial from JPEG", () => new TutorialPattern(ModelPath, shared, InputSize()));
        yield return ("2' Spinning=false", () => new EdgeClassifierFramePath(ModelPath, shared, Runtime.ServiceDefaults));
        yield return ("2n EdgeClassifier from NV12", () => new EdgeClassifierFramePath(ModelPath, shared, Runtime.Fastest, PixelFormat.Nv12));
    }

    /// <summary>
    /// Where the frame path's overhead goes and how big it is without drift between blocks: preprocessing alone, and the
    /// frame path paired with the limit; after <see cref="Contenders"/> in benchmark order.
    /// </summary>
    private IEnumerable<(string Name, Func<IContender> Create)> OverheadProbes(Frames shared)
    {
        yield return ("p preprocessing alone, YUYV", () => new EdgeClassifierPreprocessOnly(ModelPath, shared, PixelFormat.Yuyv));
        yield return ("pn preprocessing alone, NV12", () => new EdgeClassifierPreprocessOnly(ModelPath, shared, PixelFormat.Nv12));
        yield return ("P paired, YUYV", () => new PairedFramePathAndLimit(ModelPath, shared, PixelFormat.Yuyv));
        yield return ("Pn paired, NV12", () => new PairedFramePathAndLimit(ModelPath, shared, PixelFormat.Nv12));
    }

    private void Setup(int contenderIndex)
    {
        _frames = Frames.Load();
        _contender = Contenders(_frames).Concat(OverheadProbes(_frames)).ElementAt(contenderIndex).Create();
    }

    private int InputSize()
    {
        using var session = new InferenceSession(ModelPath);
        return session.InputMetadata.Values.Single().Dimensions[1];
    }
}
