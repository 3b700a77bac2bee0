using EdgeClassifier.Decisions;
using EdgeClassifier.Fleet;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Configuration;

namespace EdgeClassifier.Hosting;

/// <summary>
/// The running service as a model rollout sees it: candidates load with the configuration's current geometry and
/// runtime settings, trials borrow frames from the frame loop, and an accepted model comes in through a reload.
/// </summary>
internal sealed class ServiceRolloutHost(
    IConfiguration configuration, Func<FrameLoop> loop, Func<CancellationToken, Task> reload, ServiceSettings started, string configuredModelPath) : IRolloutHost
{
    private ServiceSettings _settings = started;

    public string ConfiguredModelPath { get; private set; } = configuredModelPath;

    public double BudgetMs => _settings.Pipeline.BudgetMs;

    public ClassificationOptions Classification => _settings.Classification;

    /// <summary>Called with the settings of each reload and the <c>Model:Path</c> they configure.</summary>
    public void Configured(ServiceSettings settings, string configuredModelPath)
    {
        _settings = settings;
        ConfiguredModelPath = configuredModelPath;
    }

    public ImageClassifier LoadCandidate(InstalledModel model)
    {
        var errors = new List<string>();
        ServiceSettings settings = ServiceSettings.Load(configuration, errors);
        if (errors.Count > 0)
        {
            throw new ModelLoadException(string.Join(" ", errors));
        }

        settings.Model.Path = model.Path;
        settings.Model.Labels = model.Labels;
        return ImageClassifier.Load(settings.Model, settings.Runtime);
    }

    public bool BeginTrial(IFrameTrial trial) => loop().BeginTrial(trial);

    public void EndTrial(IFrameTrial trial) => loop().EndTrial(trial);

    public Task ReloadAsync(CancellationToken cancellationToken) => reload(cancellationToken);
}
