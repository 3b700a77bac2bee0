namespace EdgeClassifier.Pipeline;

/// <summary>The loaded main model and the optional fallback the degrade policy switches to.</summary>
public sealed class PipelineModels(ClassifierSet main, ClassifierSet? fallback) : IDisposable
{
    public ClassifierSet Main { get; } = main;

    public ClassifierSet? Fallback { get; } = fallback;

    public void Dispose()
    {
        Main.Dispose();
        Fallback?.Dispose();
    }
}
