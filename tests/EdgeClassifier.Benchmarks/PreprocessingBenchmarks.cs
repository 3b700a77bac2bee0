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
    private readonly byte[] frame = new byte[640 * 480 * 3];
    private readonly byte[] byteTensor = new byte[224 * 224 * 3];
    private readonly float[] floatTensor = new float[224 * 224 * 3];
    private readonly InputTensorSpec byteSpec = InputTensorSpec.UInt8(224, 224);
    private readonly InputTensorSpec floatSpec = InputTensorSpec.Float(224, 224, TensorLayout.Nchw, 127.5f, 127.5f);
    private Preprocessor byteVectorised = null!;
    private Preprocessor floatVectorised = null!;
    private ImageClassifier model = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(frame);
        byteVectorised = new Preprocessor(byteSpec, PreprocessOptions.Default);
        floatVectorised = new Preprocessor(floatSpec, PreprocessOptions.Default);
        model = ImageClassifier.Load(new ModelOptions { Path = SharedModels.Onnx("mobilenet_v2_1.0_224_quant.onnx") });
        model.Preprocess(Frame);
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    private ImageView Frame => new(frame, PixelFormat.Rgb24, 640, 480);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("uint8 NHWC")]
    public void ScalarToUInt8Nhwc() => ReferencePreprocessor.Run(Frame, byteSpec, PreprocessOptions.Default, byteTensor);

    [Benchmark]
    [BenchmarkCategory("uint8 NHWC")]
    public void VectorisedToUInt8Nhwc() => byteVectorised.Run(Frame, byteTensor);

    [Benchmark]
    [BenchmarkCategory("float NCHW")]
    public void ScalarToFloatNchw() => ReferencePreprocessor.Run(Frame, floatSpec, PreprocessOptions.Default, floatTensor);

    [Benchmark]
    [BenchmarkCategory("float NCHW")]
    public void VectorisedToFloatNchw() => floatVectorised.Run(Frame, floatTensor);

    [Benchmark]
    [BenchmarkCategory("model")]
    public void InferenceMobilenetV2Quant224() => model.Infer();
}
