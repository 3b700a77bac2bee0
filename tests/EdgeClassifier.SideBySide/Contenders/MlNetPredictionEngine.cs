using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Microsoft.ML.Transforms.Onnx;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// What a .NET developer reaches for: an ML.NET pipeline (resize, extract pixels, apply the ONNX model) behind a
/// PredictionEngine, fed an MLImage made from the frame's BGRA pixels — the decoding or colour conversion that
/// produces those pixels is not counted, which favours this contender.
/// </summary>
internal sealed class MlNetPredictionEngine : IContender
{
    private readonly Frames frames;
    private readonly MLContext context = new(seed: 0);
    private readonly PredictionEngine<Input, Output> engine;
    private readonly ITransformer model;

    public MlNetPredictionEngine(string modelPath, Frames frames, int inputSize)
    {
        this.frames = frames;
        var pipeline = context.Transforms.ResizeImages("resized", inputSize, inputSize, nameof(Input.Image), ImageResizingEstimator.ResizingKind.Fill)
            .Append(context.Transforms.ExtractPixels("input", "resized", interleavePixelColors: true, outputAsFloatArray: false))
            .Append(context.Transforms.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = modelPath,
                InputColumns = ["input"],
                OutputColumns = ["output"],
                IntraOpNumThreads = Runtime.Threads,
            }));
        model = pipeline.Fit(context.Data.LoadFromEnumerable(new List<Input>()));
        engine = context.Model.CreatePredictionEngine<Input, Output>(model);
    }

    public int Classify(int index)
    {
        using var image = MLImage.CreateFromPixels(Frames.Width, Frames.Height, MLPixelFormat.Bgra32, frames.Bgra[index]);
        Output output = engine.Predict(new Input { Image = image });
        return BareOrtRun.ArgMax(output.Scores);
    }

    public void Dispose()
    {
        engine.Dispose();
        (model as IDisposable)?.Dispose();
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
