namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// For a step that may legitimately block longer than the watchdog allows, such as loading a large model: call it
/// before the step with a generous estimate.
/// </summary>
public interface ITimeoutExtender
{
    /// <summary>
    /// Tells systemd to allow <paramref name="expectedDuration"/> more for the current phase (start-up or stop) and
    /// treats the pipeline as making progress until then, so the watchdog keeps being fed while the step runs.
    /// A step that overruns its estimate is a hang like any other.
    /// </summary>
    void ExtendTimeout(TimeSpan expectedDuration);
}
