using EdgeClassifier.Decisions;
using EdgeClassifier.Fleet;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Hosting;

/// <summary>What a model rollout needs from the running service, read from the configuration as it is now.</summary>
/// <param name="options">The configuration as it is now.</param>
/// <param name="models">Records the configured model path of the last load.</param>
/// <param name="loop">The running frame loop (looked up when first used).</param>
/// <param name="reload">Reloads configuration and models and switches between frames.</param>
internal sealed class ServiceRolloutHost(CurrentOptions options, ServiceModelLoader models, Func<FrameLoop> loop, Func<CancellationToken, Task> reload)
    : IRolloutHost
{
    public string ConfiguredModelPath => models.ConfiguredModelPath;

    public double BudgetMs => options.Get<PipelineOptions>().BudgetMs;

    public ClassificationOptions Classification => options.Get<ClassificationOptions>();

    public ImageClassifier LoadCandidate(InstalledModel model)
    {
        ModelOptions candidate;
        RuntimeOptions runtime;
        try
        {
            candidate = options.Get<ModelOptions>();
            runtime = options.Get<RuntimeOptions>();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new ModelLoadException(string.Join(" ", ex.Failures), ex);
        }

        candidate.Path = model.Path;
        candidate.Labels = model.Labels;
        return ImageClassifier.Load(candidate, runtime);
    }

    public bool BeginTrial(IFrameTrial trial) => loop().BeginTrial(trial);

    public void EndTrial(IFrameTrial trial) => loop().EndTrial(trial);

    public Task ReloadAsync(CancellationToken cancellationToken) => reload(cancellationToken);
}
