using EdgeClassifier.Decisions;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// A device driven by the output thread. Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps; state
/// changes come in through the <c>On…</c> calls and <see cref="Refresh"/> puts the lines where they must be now.
/// </summary>
internal interface IGpioOutput
{
    /// <summary>A new decision was made at <paramref name="now"/>.</summary>
    void OnDecision(Decision decision, long now)
    {
    }

    /// <summary>The barcode reader scanned <paramref name="code"/> at <paramref name="now"/>.</summary>
    void OnCode(ScannedCode code, long now)
    {
    }

    /// <summary>The service's health changed at <paramref name="now"/>.</summary>
    void OnHealth(HealthState health, long now)
    {
    }

    /// <summary>Drives the lines for <paramref name="now"/>; returns when to refresh next, or <see cref="long.MaxValue"/>.</summary>
    long Refresh(long now);

    /// <summary>Returns every line of the device to its safe level.</summary>
    void RestoreSafeLevel();
}
