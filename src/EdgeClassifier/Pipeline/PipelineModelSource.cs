namespace EdgeClassifier.Pipeline;

/// <summary>
/// Loads the pipeline's models from the current configuration: once when the worker is created (after every option
/// has been validated) and again for each <c>reload</c> command. The composition root supplies how.
/// </summary>
/// <param name="load">Loads the models; throws when the configuration or a model is unusable.</param>
public sealed class PipelineModelSource(Func<PipelineModels> load)
{
    /// <summary>Loads a fresh set of models; the caller owns (disposes) them.</summary>
    public PipelineModels Load() => load();
}
