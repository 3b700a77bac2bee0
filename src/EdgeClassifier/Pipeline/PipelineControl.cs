using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Pipeline;

/// <summary>
/// What outputs (MQTT commands, stats, discovery) may see of and ask from the running pipeline: pause and resume,
/// the score threshold, a reload of configuration and models, the stats snapshot and the model name.
/// The frame loop is looked up when first used: the outputs that hold this object are themselves built before the
/// worker that feeds them.
/// </summary>
public sealed class PipelineControl(Func<FrameLoop> loop, PipelineStats stats, Func<CancellationToken, PipelineModels> reloadModels)
    : IPipelineControl, IPipelineStatsSource, IModelInfo
{
    public string? ModelName => stats.Model;

    public string? Provider => stats.Provider;

    public void Pause() => loop().Paused = true;

    public void Resume() => loop().Paused = false;

    public bool SetScoreThreshold(float value, out string? error)
    {
        if (!(value is >= 0f and <= 1f))
        {
            error = $"threshold must be between 0 and 1, got {value}";
            return false;
        }

        foreach (ClassifierSet set in loop().ClassifierSets)
        {
            set.Ranker.ScoreThreshold = value;
        }

        error = null;
        return true;
    }

    /// <summary>Loads the new models off the frame thread; returns once the frame loop has switched to them between two frames.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        PipelineModels models = await Task.Run(() => reloadModels(cancellationToken), cancellationToken).ConfigureAwait(false);
        await loop().SwapModels(models).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public PipelineStatsSnapshot GetSnapshot() => stats.Snapshot();
}
