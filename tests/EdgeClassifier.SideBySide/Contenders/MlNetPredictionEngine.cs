using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Microsoft.ML.Transforms.Onnx;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// What a .NET developer reaches for: an ML.NET pipeline (resize, extract pixels, apply the ONNX model) behind a
/// PredictionEngine. ML.NET takes images, not camera buffers, so each YUYV frame is first converted to the BGRA pixels
/// of an MLImage with the plain per-pixel loop an application would write (the buffer reused across frames).
/// </summary>
internal sealed class MlNetPredictionEngine : IContender
{
    private readonly Frames _frames;
    private readonly MLContext _context = new(seed: 0);
    private readonly PredictionEngine<Input, Output> _engine;
    private readonly ITransformer _model;
    private readonly byte[] _bgra = new byte[Frames.Width * Frames.Height * 4];

    public MlNetPredictionEngine(string modelPath, Frames frames, int inputSize)
    {
        _frames = frames;
        var pipeline = _context.Transforms.ResizeImages("resized", inputSize, inputSize, nameof(Input.Image), ImageResizingEstimator.ResizingKind.Fill)
            .Append(_context.Transforms.ExtractPixels("input", "resized", interleavePixelColors: true, outputAsFloatArray: false))
            .Append(_context.Transforms.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = modelPath,
                InputColumns = ["input"],
                OutputColumns = ["output"],
                IntraOpNumThreads = Runtime.Threads,
            }));
        _model = pipeline.Fit(_context.Data.LoadFromEnumerable(new List<Input>()));
        _engine = _context.Model.CreatePredictionEngine<Input, Output>(_model);
    }

    public int Classify(int index)
    {
        YuyvToBgra(_frames.Yuyv[index], _bgra);
        using var image = MLImage.CreateFromPixels(Frames.Width, Frames.Height, MLPixelFormat.Bgra32, _bgra);
        Output output = _engine.Predict(new Input { Image = image });
        return BareOrtRun.ArgMax(output.Scores);
    }

    /// <summary>BT.601 limited range, two pixels per Y0 U Y1 V group.</summary>
    private static void YuyvToBgra(byte[] yuyv, byte[] destination)
    {
        for (int pair = 0, o = 0; pair < yuyv.Length; pair += 4, o += 8)
        {
            int d = yuyv[pair + 1] - 128;
            int e = yuyv[pair + 3] - 128;
            for (int half = 0; half < 2; half++)
            {
                int c = 298 * (yuyv[pair + (half * 2)] - 16);
                int p = o + (half * 4);
                destination[p] = (byte)Math.Clamp((c + (516 * d) + 128) >> 8, 0, 255);
                destination[p + 1] = (byte)Math.Clamp((c - (100 * d) - (208 * e) + 128) >> 8, 0, 255);
                destination[p + 2] = (byte)Math.Clamp((c + (409 * e) + 128) >> 8, 0, 255);
                destination[p + 3] = 255;
            }
        }
    }

    public void Dispose()
    {
        _engine.Dispose();
        (_model as IDisposable)?.Dispose();
    }

    /// <summary>One camera frame as ML.NET takes it.</summary>
    public sealed class Input
    {
        [ImageType(Frames.Height, Frames.Width)]
        public MLImage? Image { get; set; }
    }

    /// <summary>The model's scores.</summary>
    public sealed class Output
    {
        [ColumnName("output")]
        public float[] Scores { get; set; } = [];
    }
}
