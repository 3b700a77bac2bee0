using EdgeClassifier.Inference;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Pipeline;

/// <summary>A classifier with its own ranker, reusable result and decision state (each model has its own labels).</summary>
public sealed class ClassifierSet(IFrameClassifier classifier, ClassificationOptions classification, DecisionOptions decisions) : IDisposable
{
    public IFrameClassifier Classifier { get; } = classifier;

    public ResultRanker Ranker { get; } = new(classifier.Contract.Labels, classification);

    public ClassificationResult Result { get; } = new(classification.MaxResults);

    public DecisionMaker Decisions { get; } = new(decisions, classifier.Contract.Labels);

    public void Dispose() => Classifier.Dispose();
}
