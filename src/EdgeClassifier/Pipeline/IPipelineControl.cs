namespace EdgeClassifier.Pipeline;

/// <summary>
/// What MQTT commands may ask of the running pipeline. Implemented by the pipeline; every member must return quickly
/// and must not throw for a request that is merely refused (return the refusal instead).
/// </summary>
public interface IPipelineControl
{
    /// <summary>Stops classifying frames until <see cref="Resume"/>; capture may continue.</summary>
    void Pause();

    /// <summary>Resumes classification after <see cref="Pause"/>.</summary>
    void Resume();

    /// <summary>Sets the minimum score a label needs to be decided.</summary>
    /// <param name="value">The new threshold.</param>
    /// <param name="error">Why the value was refused (for example out of range), or <c>null</c>.</param>
    /// <returns><c>true</c> when the threshold is in effect.</returns>
    bool SetScoreThreshold(float value, out string? error);

    /// <summary>Re-reads configuration and model; throws with a readable message when the new ones are unusable.</summary>
    Task ReloadAsync(CancellationToken cancellationToken);
}
