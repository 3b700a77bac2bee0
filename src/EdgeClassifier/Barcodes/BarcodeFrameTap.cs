using System.Diagnostics;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// The barcode reader's place on the frame path: picks which frames the decode worker gets — at most
/// <c>Barcode:MaxRate</c> a second, and only when <c>Barcode:When</c> allows (always, while the decision is one of
/// <c>Barcode:Labels</c>, or within <c>Barcode:TriggerSeconds</c> of a GPIO trigger). Runs on the frame thread:
/// reads fields, copies luma, never waits or allocates.
/// </summary>
public sealed class BarcodeFrameTap : IFrameTap
{
    private readonly BarcodeWorker _worker;
    private readonly BarcodeDecisionTracker _decisions;
    private readonly BarcodeScanMode _mode;
    private readonly HashSet<string> _labels;
    private readonly long _intervalTicks;
    private readonly long _triggerTicks;
    private long _nextDue;
    private long _windowUntil = long.MinValue;

    /// <summary>Feeds <paramref name="worker"/> as <paramref name="options"/> say; <paramref name="decisions"/> tells the current label.</summary>
    public BarcodeFrameTap(BarcodeWorker worker, BarcodeOptions options, BarcodeDecisionTracker decisions)
    {
        _worker = worker;
        _decisions = decisions;
        _mode = options.When;
        _labels = new HashSet<string>(options.Labels, StringComparer.Ordinal);
        _intervalTicks = options.MaxRate > 0 ? (long)(Stopwatch.Frequency / options.MaxRate) : 0;
        _triggerTicks = (long)(options.TriggerSeconds * Stopwatch.Frequency);
    }

    /// <summary>Opens a scan window of <c>Barcode:TriggerSeconds</c> from <paramref name="nowTicks"/> (trigger mode); any thread.</summary>
    public void OnTrigger(long nowTicks) => Volatile.Write(ref _windowUntil, nowTicks + _triggerTicks);

    /// <inheritdoc />
    public bool WantsFrame(long nowTicks) => nowTicks >= Volatile.Read(ref _nextDue) && Allowed(nowTicks);

    /// <inheritdoc />
    public void Offer(ImageView image, long sequence, long nowTicks)
    {
        // The pipeline also offers every frame that changed the decision; those obey the same rate and mode.
        if (!WantsFrame(nowTicks))
        {
            return;
        }

        Volatile.Write(ref _nextDue, nowTicks + _intervalTicks);
        _worker.Offer(image, sequence, DateTimeOffset.UtcNow);
    }

    private bool Allowed(long nowTicks) => _mode switch
    {
        BarcodeScanMode.Label => _decisions.Current?.Label is { } label && _labels.Contains(label),
        BarcodeScanMode.Trigger => nowTicks < Volatile.Read(ref _windowUntil),
        _ => true,
    };
}
