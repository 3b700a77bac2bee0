using BenchmarkDotNet.Attributes;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Benchmarks;

/// <summary>
/// A 640×480 camera frame of each format into a 224×224 uint8 NHWC input (MobileNet v2 quant's): the scalar
/// reference against the vectorised preprocessor, whose one path (Vector&lt;T&gt;, no gathers) is what ARM boards run too: 256 bits wide on this x64, 128 bits (NEON
/// width) when run with <c>DOTNET_MaxVectorTBitWidth=128</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CameraFormatBenchmarks
{
    private const int Width = 640;
    private const int Height = 480;
    private readonly InputTensorSpec _spec = InputTensorSpec.UInt8(224, 224);
    private readonly byte[] _tensor = new byte[224 * 224 * 3];
    private byte[] _frame = [];
    private Preprocessor _vectorised = null!;

    [Params(PixelFormat.Yuyv, PixelFormat.Uyvy, PixelFormat.Nv12, PixelFormat.Yuv420, PixelFormat.Grey, PixelFormat.Rgb24)]
    public PixelFormat Format { get; set; }

    private ImageView Frame => new(_frame, Format, Width, Height);

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[Format.FrameSize(Height, Format.MinimumStride(Width))];
        new Random(42).NextBytes(_frame);
        _vectorised = new Preprocessor(_spec, PreprocessOptions.Default);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => ReferencePreprocessor.Run(Frame, _spec, PreprocessOptions.Default, _tensor);

    [Benchmark]
    public void Vectorised() => _vectorised.Run(Frame, _tensor);
}
