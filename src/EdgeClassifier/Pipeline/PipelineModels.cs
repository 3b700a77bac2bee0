using EdgeClassifier.Decisions;
using EdgeClassifier.Inference;

namespace EdgeClassifier.Pipeline;

/// <summary>The loaded main model and the optional fallback the degrade policy switches to.</summary>
public sealed class PipelineModels(ClassifierSet main, ClassifierSet? fallback) : IDisposable
{
    public ClassifierSet Main { get; } = main;

    public ClassifierSet? Fallback { get; } = fallback;

    /// <summary>
    /// Loads the main model and the fallback (<see cref="ModelOptions.ForFallback"/>) through
    /// <see cref="ImageClassifier.Load"/>, the one model loader; used at start and by the <c>reload</c> command.
    /// </summary>
    /// <exception cref="ModelLoadException">A model cannot be loaded.</exception>
    /// <exception cref="ArgumentException">The classification options do not fit a model's labels.</exception>
    public static PipelineModels Load(ModelOptions model, RuntimeOptions runtime, ClassificationOptions classification, DecisionOptions decision)
    {
        ImageClassifier main = ImageClassifier.Load(model, runtime);
        ImageClassifier? fallback = null;
        try
        {
            fallback = model.ForFallback() is { } fallbackOptions ? ImageClassifier.Load(fallbackOptions, runtime) : null;
            return new PipelineModels(
                new ClassifierSet(main, classification, decision),
                fallback is null ? null : new ClassifierSet(fallback, classification, decision));
        }
        catch
        {
            main.Dispose();
            fallback?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Main.Dispose();
        Fallback?.Dispose();
    }
}
