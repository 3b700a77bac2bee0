using EdgeClassifier.Decisions;
using EdgeClassifier.Fleet;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Hosting;

/// <summary>
/// Loads the pipeline's models at start and for each <c>reload</c>: the model the configuration names (with
/// <c>Model:Select=auto</c>, the one chosen from its folder), or the rolled-out model while the rollout store still
/// accepts it over that one.
/// </summary>
/// <param name="options">The configuration as it is now.</param>
/// <param name="rollouts">The accepted rollout, if any.</param>
/// <param name="selection">Chooses the model from a folder for <c>Model:Select=auto</c>.</param>
internal sealed class ServiceModelLoader(CurrentOptions options, RolloutStore rollouts, AutoModelSelection selection)
{
    /// <summary>The <c>Model:Path</c> of the last load (an accepted rollout is recorded against it).</summary>
    public string ConfiguredModelPath { get; private set; } = "";

    /// <summary>Loads a fresh set of models; the caller owns them.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The configuration now holds a bad value.</exception>
    /// <exception cref="ModelLoadException">A model cannot be loaded.</exception>
    public PipelineModels Load()
    {
        ModelOptions model = options.Get<ModelOptions>();
        ConfiguredModelPath = model.Path!;
        InstalledModel? rolledOut = rollouts.Resolve(ConfiguredModelPath, out string? note);
        if (note is not null)
        {
            Console.Error.WriteLine($"edgeclassifier: model: {note}");
        }

        if (rolledOut is not null)
        {
            Console.Error.WriteLine(
                $"edgeclassifier: model: running rolled-out model {rolledOut.Version} ({rolledOut.Path}) instead of Model:Path {ConfiguredModelPath}");
            model.Path = rolledOut.Path;
            model.Labels = rolledOut.Labels;
        }
        else if (model.Select == ModelSelectMode.Auto)
        {
            model.Path = selection.Choose(model);
        }

        return PipelineModels.Load(model, options.Get<RuntimeOptions>(), options.Get<ClassificationOptions>(), options.Get<DecisionOptions>());
    }
}
