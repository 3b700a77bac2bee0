using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// This project's frame path from a YUYV or NV12 camera buffer: Preprocessor, ImageClassifier, ResultRanker, with the
/// given session settings. Times its stages as it goes (see <see cref="StageTimes"/>), so that the run shows how much
/// of the overhead is preprocessing and how much a slower session call after it.
/// </summary>
internal sealed class EdgeClassifierFramePath : IContender
{
    private readonly Frames _frames;
    private readonly ImageClassifier _classifier;
    private readonly ResultRanker _ranker;
    private readonly ClassificationResult _result;
    private readonly PixelFormat _format;
    private readonly StageTimes _stages;

    public EdgeClassifierFramePath(string modelPath, Frames frames, RuntimeOptions runtime, PixelFormat format = PixelFormat.Yuyv)
    {
        _frames = frames;
        _format = format;
        _classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, runtime);
        _ranker = new ResultRanker(_classifier.Contract.Labels, new ClassificationOptions());
        _result = _ranker.CreateResult();
        _stages = new StageTimes($"{Path.GetFileName(modelPath)} from {format}", "preprocess", "session call + softmax", "rank");
    }

    public int Classify(int index)
    {
        long start = _stages.Start();
        _classifier.Preprocess(_frames.View(index, _format));
        start = _stages.Record(0, start);
        _classifier.Infer();
        start = _stages.Record(1, start);
        _ranker.Rank(_classifier.Probabilities, _result);
        _stages.Record(2, start);
        return _result.Top[0].Index;
    }

    public void Dispose()
    {
        _stages.Print();
        _classifier.Dispose();
    }
}
