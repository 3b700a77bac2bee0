using BenchmarkDotNet.Attributes;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Benchmarks;

/// <summary>
/// A 640×480 RGB frame into a 224×224 model input, scalar reference vs vectorised, for both input kinds; and the
/// model's own inference on the same machine, to state preprocessing as a share of it. Every camera format:
/// <see cref="CameraFormatBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class PreprocessingBenchmarks
{
    private readonly byte[] _frame = new byte[640 * 480 * 3];
    private readonly byte[] _byteTensor = new byte[224 * 224 * 3];
    private readonly float[] _floatTensor = new float[224 * 224 * 3];
    private readonly InputTensorSpec _byteSpec = InputTensorSpec.UInt8(224, 224);
    private readonly InputTensorSpec _floatSpec = InputTensorSpec.Float(224, 224, TensorLayout.Nchw, 127.5f, 127.5f);
    private Preprocessor _byteVectorised = null!;
    private Preprocessor _floatVectorised = null!;
    private ImageClassifier _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_frame);
        _byteVectorised = new Preprocessor(_byteSpec, PreprocessOptions.Default);
        _floatVectorised = new Preprocessor(_floatSpec, PreprocessOptions.Default);
        _model = ImageClassifier.Load(new ModelOptions { Path = SharedModels.Onnx("mobilenet_v2_1.0_224_quant.onnx") });
        _model.Preprocess(Frame);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private ImageView Frame => new(_frame, PixelFormat.Rgb24, 640, 480);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("uint8 NHWC")]
    public void ScalarToUInt8Nhwc() => ReferencePreprocessor.Run(Frame, _byteSpec, PreprocessOptions.Default, _byteTensor);

    [Benchmark]
    [BenchmarkCategory("uint8 NHWC")]
    public void VectorisedToUInt8Nhwc() => _byteVectorised.Run(Frame, _byteTensor);

    [Benchmark]
    [BenchmarkCategory("float NCHW")]
    public void ScalarToFloatNchw() => ReferencePreprocessor.Run(Frame, _floatSpec, PreprocessOptions.Default, _floatTensor);

    [Benchmark]
    [BenchmarkCategory("float NCHW")]
    public void VectorisedToFloatNchw() => _floatVectorised.Run(Frame, _floatTensor);

    [Benchmark]
    [BenchmarkCategory("model")]
    public void InferenceMobilenetV2Quant224() => _model.Infer();
}
