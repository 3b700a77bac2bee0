namespace EdgeClassifier.Pipeline;

/// <summary>
/// Decides, frame by frame, whether the pipeline classifies at all — e.g. only in a burst after a PIR trigger.
/// Called on the frame thread; must be cheap and allocation-free.
/// </summary>
public interface IFrameGate
{
    /// <summary>True when a gate may hold frames back (trigger or hold modes): idle is then by design.</summary>
    bool IsGating { get; }

    /// <summary>Whether to classify the frame picked up at <paramref name="nowTicks"/> (Stopwatch ticks).</summary>
    bool ShouldProcessFrame(long nowTicks);

    /// <summary>Tells the gate a frame it let through was classified.</summary>
    void OnFrameProcessed();

    /// <summary>A short name of the trigger that opened the gate last, for decisions (null if none).</summary>
    string? ActiveTrigger { get; }
}
