namespace EdgeClassifier.Pipeline;

/// <summary>
/// What the running pipeline reports about itself so that watchers outside it (the systemd watchdog, status lines)
/// can tell a working pipeline from a hung one without knowing how it works.
/// </summary>
public interface IPipelineProgress
{
    /// <summary>Frames fully processed (captured, classified, decided) since start; only ever grows.</summary>
    long ProcessedFrames { get; }

    /// <summary>
    /// True while the pipeline waits on purpose (trigger mode with no trigger), so that no new frames is not a hang.
    /// </summary>
    bool IdleByDesign { get; }

    /// <summary>A one-line human summary: fps, model, degrade level, broker state.</summary>
    string StatusLine { get; }
}
