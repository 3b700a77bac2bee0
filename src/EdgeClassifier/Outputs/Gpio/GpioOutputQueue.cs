using System.Threading.Channels;
using EdgeClassifier.Decisions;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// What the pipeline hands to the output thread: decisions through a bounded channel that drops the oldest when the
/// thread falls behind (the frame path never waits), scanned codes from the barcode reader, and the latest health.
/// Each wakes the thread.
/// </summary>
internal sealed class GpioOutputQueue
{
    /// <summary>Decisions change rarely; this many pending means the output thread is stuck, not busy.</summary>
    public const int Capacity = 64;

    private readonly Channel<ScannedCode> _codes = Channel.CreateBounded<ScannedCode>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int _health = (int)HealthState.Starting;

    public GpioOutputQueue()
    {
        Decisions = new DecisionQueue("gpio", Capacity, () => Wake.Set());
    }

    /// <summary>Where the pipeline posts decisions; each one wakes the output thread.</summary>
    public DecisionQueue Decisions { get; }

    public ChannelReader<Decision> Pending => Decisions.Reader;

    /// <summary>Queues a scan and wakes the output thread; false (the reader logs it) when the thread lags.</summary>
    public bool TryPostCode(ScannedCode code)
    {
        if (!_codes.Writer.TryWrite(code))
        {
            return false;
        }

        Wake.Set();
        return true;
    }

    public ChannelReader<ScannedCode> PendingCodes => _codes.Reader;

    /// <remarks>
    /// Never disposed: the pipeline may still post while the host shuts down, and a disposed handle would throw on its
    /// frame path. It holds no OS handle on Linux, so the finalizer is enough.
    /// </remarks>
    public AutoResetEvent Wake { get; } = new(false);

    public HealthState Health => (HealthState)Volatile.Read(ref _health);

    public void ReportHealth(HealthState health)
    {
        if (Interlocked.Exchange(ref _health, (int)health) != (int)health)
        {
            Wake.Set();
        }
    }

    /// <summary>Refuses further decisions; posting after this returns false instead of queueing.</summary>
    public void Complete()
    {
        Decisions.Complete();
        _codes.Writer.TryComplete();
    }
}
