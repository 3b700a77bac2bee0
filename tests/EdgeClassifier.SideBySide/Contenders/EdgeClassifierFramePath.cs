using EdgeClassifier.Decisions;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// This project's frame path from a YUYV camera buffer: Preprocessor, ImageClassifier, ResultRanker, with the given
/// session settings.
/// </summary>
internal sealed class EdgeClassifierFramePath : IContender
{
    private readonly Frames _frames;
    private readonly ImageClassifier _classifier;
    private readonly ResultRanker _ranker;
    private readonly ClassificationResult _result;

    public EdgeClassifierFramePath(string modelPath, Frames frames, RuntimeOptions runtime)
    {
        _frames = frames;
        _classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, runtime);
        _ranker = new ResultRanker(_classifier.Contract.Labels, new ClassificationOptions());
        _result = _ranker.CreateResult();
    }

    public int Classify(int index)
    {
        _classifier.Preprocess(_frames.YuyvView(index));
        _classifier.Infer();
        _ranker.Rank(_classifier.Probabilities, _result);
        return _result.Top[0].Index;
    }

    public void Dispose() => _classifier.Dispose();
}
