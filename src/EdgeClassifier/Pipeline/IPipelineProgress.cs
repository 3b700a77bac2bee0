namespace EdgeClassifier.Pipeline;

/// <summary>
/// What the running pipeline reports about itself so that watchers outside it (the systemd watchdog, status lines)
/// can tell a working pipeline from a hung one without knowing how it works, and give up on a hung one.
/// </summary>
public interface IPipelineProgress
{
    /// <summary>Frames fully processed (captured, classified, decided) since start; only ever grows.</summary>
    long ProcessedFrames { get; }

    /// <summary>
    /// Turns of the frame loop since start, with or without a frame: it keeps growing while the loop waits for an
    /// absent camera or reopens it, and stops only when the loop itself hangs. Only ever grows.
    /// </summary>
    long LoopTurns { get; }

    /// <summary>
    /// True while the pipeline waits on purpose (trigger mode with no trigger), so that no new frames is not a hang.
    /// </summary>
    bool IdleByDesign { get; }

    /// <summary>A one-line human summary: fps, model, degrade level, broker state.</summary>
    string StatusLine { get; }

    /// <summary>How long the inference now running on the frame thread has been running; zero between inferences.</summary>
    TimeSpan InferenceRunningFor { get; }

    /// <summary>
    /// Gives up on the frame thread, stuck in a call that will not return: stopping no longer waits for it, and what
    /// it still uses (models, camera buffers) is left allocated until the process exits.
    /// </summary>
    void Abandon();
}
