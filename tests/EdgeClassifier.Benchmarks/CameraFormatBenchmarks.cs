using BenchmarkDotNet.Attributes;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Benchmarks;

/// <summary>
/// A 640×480 camera frame of each format into a 224×224 uint8 NHWC input (MobileNet v2 quant's): the scalar
/// reference, the portable Vector128 path (what ARM boards run; AVX2 switched off here), and the best path on this
/// CPU (AVX2 gathers where the format has one, else the portable path again).
/// </summary>
[MemoryDiagnoser]
public class CameraFormatBenchmarks
{
    private const int Width = 640;
    private const int Height = 480;
    private readonly InputTensorSpec spec = InputTensorSpec.UInt8(224, 224);
    private readonly byte[] tensor = new byte[224 * 224 * 3];
    private byte[] frame = [];
    private Preprocessor portable = null!;
    private Preprocessor best = null!;

    [Params(PixelFormat.Yuyv, PixelFormat.Uyvy, PixelFormat.Nv12, PixelFormat.Yuv420, PixelFormat.Grey, PixelFormat.Rgb24)]
    public PixelFormat Format { get; set; }

    private ImageView Frame => new(frame, Format, Width, Height);

    [GlobalSetup]
    public void Setup()
    {
        frame = new byte[Format.FrameSize(Height, Format.MinimumStride(Width))];
        new Random(42).NextBytes(frame);
        portable = new Preprocessor(spec, PreprocessOptions.Default, allowAvx2: false);
        best = new Preprocessor(spec, PreprocessOptions.Default);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => ReferencePreprocessor.Run(Frame, spec, PreprocessOptions.Default, tensor);

    [Benchmark]
    public void Portable() => portable.Run(Frame, tensor);

    [Benchmark]
    public void BestOnThisCpu() => best.Run(Frame, tensor);
}
