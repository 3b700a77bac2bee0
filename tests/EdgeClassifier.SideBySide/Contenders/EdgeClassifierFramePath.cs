using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// This project's frame path from a YUYV or NV12 camera buffer: Preprocessor, ImageClassifier, ResultRanker, with the
/// given session settings.
/// </summary>
internal sealed class EdgeClassifierFramePath : IContender
{
    private readonly Frames _frames;
    private readonly ImageClassifier _classifier;
    private readonly ResultRanker _ranker;
    private readonly ClassificationResult _result;
    private readonly PixelFormat _format;

    public EdgeClassifierFramePath(string modelPath, Frames frames, RuntimeOptions runtime, PixelFormat format = PixelFormat.Yuyv)
    {
        _frames = frames;
        _format = format;
        _classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, runtime);
        _ranker = new ResultRanker(_classifier.Contract.Labels, new ClassificationOptions());
        _result = _ranker.CreateResult();
    }

    public int Classify(int index)
    {
        _classifier.Preprocess(_frames.View(index, _format));
        _classifier.Infer();
        _ranker.Rank(_classifier.Probabilities, _result);
        return _result.Top[0].Index;
    }

    public void Dispose() => _classifier.Dispose();
}
