using EdgeClassifier.Decisions;
using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// This project's frame path from a YUYV camera buffer: Preprocessor, ImageClassifier, ResultRanker, with the given
/// session settings.
/// </summary>
internal sealed class EdgeClassifierFramePath : IContender
{
    private readonly Frames frames;
    private readonly ImageClassifier classifier;
    private readonly ResultRanker ranker;
    private readonly ClassificationResult result;

    public EdgeClassifierFramePath(string modelPath, Frames frames, RuntimeOptions runtime)
    {
        this.frames = frames;
        classifier = ImageClassifier.Load(new ModelOptions { Path = modelPath }, runtime);
        ranker = new ResultRanker(classifier.Contract.Labels, new ClassificationOptions());
        result = ranker.CreateResult();
    }

    public int Classify(int index)
    {
        classifier.Preprocess(frames.YuyvView(index));
        classifier.Infer();
        ranker.Rank(classifier.Probabilities, result);
        return result.Top[0].Index;
    }

    public void Dispose() => classifier.Dispose();
}
