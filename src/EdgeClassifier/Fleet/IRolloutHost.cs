using EdgeClassifier.Decisions;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Fleet;

/// <summary>What a rollout needs from the running service; the composition root implements it.</summary>
public interface IRolloutHost
{
    /// <summary>The configured <c>Model:Path</c> (an accepted rollout is recorded against it).</summary>
    string ConfiguredModelPath { get; }

    /// <summary>The frame budget a candidate's p95 must fit (<c>Pipeline:BudgetMs</c>).</summary>
    double BudgetMs { get; }

    /// <summary>How results are ranked (top-K, thresholds), for the candidate's dataset check.</summary>
    ClassificationOptions Classification { get; }

    /// <summary>Loads <paramref name="model"/> with the configured geometry and runtime; throws <see cref="ModelLoadException"/>.</summary>
    ImageClassifier LoadCandidate(InstalledModel model);

    /// <summary>Hands <paramref name="trial"/> every other frame; false while another trial runs.</summary>
    bool BeginTrial(IFrameTrial trial);

    /// <summary>Takes the frames back from <paramref name="trial"/>.</summary>
    void EndTrial(IFrameTrial trial);

    /// <summary>Loads the models the configuration and the rollout state now name and switches to them between frames.</summary>
    Task ReloadAsync(CancellationToken cancellationToken);
}
