using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Outputs;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>Builds real frame loops: real models from ../shared, real sources, decisions collected in memory.</summary>
internal static class PipelineFixtures
{
    public static ClassifierSet Model(string name, DecisionOptions? decisions = null, ClassificationOptions? classification = null) =>
        new(ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel(name) }), classification ?? new ClassificationOptions(), decisions ?? new DecisionOptions { Mode = DecisionMode.Instant });

    public static FrameLoop Loop(IFrameSource source, ClassifierSet main, PipelineOptions options, PipelineStats stats, IDecisionSink sink, ClassifierSet? fallback = null) =>
        new(source, new PipelineModels(main, fallback), options, stats, [sink], NullLogger.Instance);
}

/// <summary>Keeps every decision it is given.</summary>
internal sealed class CollectingSink : IDecisionSink
{
    private readonly List<Decision> _decisions = [];

    public string Name => "test";

    public IReadOnlyList<Decision> Decisions
    {
        get
        {
            lock (_decisions)
            {
                return _decisions.ToArray();
            }
        }
    }

    public long Dropped => 0;

    public void Publish(Decision decision)
    {
        lock (_decisions)
        {
            _decisions.Add(decision);
        }
    }
}

/// <summary>Wraps a real classifier and adds a configurable delay to each inference: a model too slow for the budget.</summary>
internal sealed class SlowClassifier(IFrameClassifier inner) : IFrameClassifier
{
    public int DelayMs { get; set; }

    public ModelContract Contract => inner.Contract;

    public ReadOnlySpan<float> Probabilities => inner.Probabilities;

    public void Preprocess(ImageView image) => inner.Preprocess(image);

    public void Infer()
    {
        inner.Infer();
        if (DelayMs > 0)
        {
            Thread.Sleep(DelayMs);
        }
    }

    public void Dispose() => inner.Dispose();
}
