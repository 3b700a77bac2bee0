using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Collection;

/// <summary>
/// Collects the frames the model is unsure about. On the frame thread (<see cref="IFrameTap"/>) it only decides — from
/// the frame's classification, the interval and whether the store is full — and copies the camera buffer into one of
/// <c>Collect:QueueLength</c> slots made once and reused: no lock, no wait, no allocation per frame; when every slot is
/// taken the frame is dropped and counted. A thread of its own converts, encodes and writes the queued frames through
/// <see cref="CollectedFrameStore"/>. The <c>collect</c> command asks for the next frames whatever their result
/// (<see cref="Request"/>); they take the same slots and writer, and wait for a free slot rather than being dropped.
/// </summary>
public sealed partial class FrameCollector : IFrameTap, IDisposable
{
    /// <summary>Frames one <c>collect</c> command may ask for, and frames that may wait for the writer on command at once.</summary>
    public const int MaxRequestedFrames = 100;

    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(30);
    private readonly CollectSlot[] _slots;
    private readonly CollectedFrameStore _store;
    private readonly Func<string?> _modelName;
    private readonly ILogger _logger;
    private readonly double? _margin;
    private readonly float _belowScore;
    private readonly string[] _labels;
    private readonly long _intervalTicks;
    private readonly AutoResetEvent _signal = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _taken;
    private long _lastTaken;
    private long _order;
    private long _dropped;
    private int _requested;

    /// <param name="options">What to collect and how much may wait.</param>
    /// <param name="store">Where frames go; owned by the caller.</param>
    /// <param name="modelName">The model in use (read on the writer thread, for the sidecar).</param>
    /// <param name="logger">Write failures.</param>
    public FrameCollector(CollectOptions options, CollectedFrameStore store, Func<string?> modelName, ILogger logger)
    {
        _store = store;
        _modelName = modelName;
        _logger = logger;
        _margin = options.AmbiguityMargin;
        _belowScore = (float)options.BelowScore;
        _labels = options.Labels;
        _intervalTicks = (long)(options.IntervalMs * (Stopwatch.Frequency / 1000.0));
        _slots = Enumerable.Range(0, options.QueueLength).Select(_ => new CollectSlot()).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "frame collector" };
        _thread.Start();
    }

    /// <summary>Matching frames dropped because every slot was taken (the writer fell behind).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The counters for the stats document: Interlocked reads, off the frame thread.</summary>
    public CollectStats Counters() => new(_store.Saved, Dropped, _store.Limited, _store.Errors, _store.Images, _store.Bytes);

    /// <summary>The store the frames are written to.</summary>
    public CollectedFrameStore Store => _store;

    /// <summary>Frames asked for by <c>collect</c> commands and not yet taken from the camera.</summary>
    public int Requested => Volatile.Read(ref _requested);

    /// <summary>
    /// Asks for the next <paramref name="frames"/> classified frames, whatever their result (the <c>collect</c>
    /// command). Requests add up to at most <see cref="MaxRequestedFrames"/> waiting; returns how many wait now.
    /// </summary>
    public int Request(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        int current, wanted;
        do
        {
            current = Volatile.Read(ref _requested);
            wanted = Math.Min(MaxRequestedFrames, current + Math.Min(frames, MaxRequestedFrames));
        }
        while (Interlocked.CompareExchange(ref _requested, wanted, current) != current);

        return wanted;
    }

    /// <summary>Why <paramref name="result"/> is worth keeping, or <see cref="CollectReason.None"/>.</summary>
    public CollectReason ReasonFor(ClassificationResult result)
    {
        bool ambiguous = _margin is { } margin
            ? result.FirstScore - result.SecondScore < margin
            : result.Ambiguous;
        if (ambiguous)
        {
            return CollectReason.Ambiguous;
        }

        if (result.FirstScore < _belowScore)
        {
            return CollectReason.BelowScore;
        }

        if (_labels.Length > 0 && result.HasMatch)
        {
            string label = result.Best.Label;
            foreach (string wanted in _labels)
            {
                if (string.Equals(wanted, label, StringComparison.OrdinalIgnoreCase))
                {
                    return CollectReason.Label;
                }
            }
        }

        return CollectReason.None;
    }

    /// <inheritdoc />
    public bool WantsFrame(long nowTicks) => false;

    /// <inheritdoc />
    public void Offer(ImageView image, long sequence, long nowTicks)
    {
        // The frame loop calls the overload with the classification; without one there is nothing to decide on.
    }

    /// <inheritdoc />
    public bool WantsFrame(ClassificationResult result, long nowTicks) => ReasonFor(result, nowTicks) != CollectReason.None;

    /// <inheritdoc />
    public void Offer(Frame frame, ClassificationResult result, long nowTicks)
    {
        // Offered for every changed decision too: decide again.
        CollectReason reason = ReasonFor(result, nowTicks);
        if (reason == CollectReason.None)
        {
            return;
        }

        CollectSlot? slot = TakeFreeSlot();
        if (slot is null)
        {
            // A frame asked for by command is not lost: the next frame with a free slot is taken instead.
            if (reason != CollectReason.Command)
            {
                Interlocked.Increment(ref _dropped);
            }

            return;
        }

        slot.Fill(frame, result, reason);
        slot.Order = ++_order;
        if (reason == CollectReason.Command)
        {
            Interlocked.Decrement(ref _requested);
        }
        else
        {
            // Commanded frames do not count against the interval: the hard frames keep their own pace.
            (_taken, _lastTaken) = (true, nowTicks);
        }

        Volatile.Write(ref slot.State, CollectSlot.Ready);
        _signal.Set();
    }

    /// <summary>Stops the writer after it has written what is queued.</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    private CollectReason ReasonFor(ClassificationResult result, long nowTicks)
    {
        if (_stopping || _store.Full)
        {
            return CollectReason.None;
        }

        if (Volatile.Read(ref _requested) > 0)
        {
            return CollectReason.Command;
        }

        return !_taken || nowTicks - _lastTaken >= _intervalTicks ? ReasonFor(result) : CollectReason.None;
    }

    private CollectSlot? TakeFreeSlot()
    {
        foreach (CollectSlot slot in _slots)
        {
            if (Interlocked.CompareExchange(ref slot.State, CollectSlot.Filling, CollectSlot.Free) == CollectSlot.Free)
            {
                return slot;
            }
        }

        return null;
    }

    private void Run()
    {
        long lastScan = Stopwatch.GetTimestamp();
        while (true)
        {
            bool stopping = _stopping;
            _signal.WaitOne(TimeSpan.FromMilliseconds(500));
            while (NextReady() is { } slot)
            {
                try
                {
                    _store.Save(slot, _modelName());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    _store.CountError(ex.Message);
                    LogWriteFailed(ex.Message);
                }
                finally
                {
                    Volatile.Write(ref slot.State, CollectSlot.Free);
                }
            }

            if (stopping)
            {
                return;
            }

            // A person may have moved or deleted files: a full store looks again now and then.
            if (_store.Full && Stopwatch.GetElapsedTime(lastScan) > RescanInterval)
            {
                _store.Scan();
                lastScan = Stopwatch.GetTimestamp();
            }
        }
    }

    private CollectSlot? NextReady()
    {
        CollectSlot? oldest = null;
        foreach (CollectSlot slot in _slots)
        {
            if (Volatile.Read(ref slot.State) == CollectSlot.Ready && (oldest is null || slot.Order < oldest.Order))
            {
                oldest = slot;
            }
        }

        return oldest is not null && Interlocked.CompareExchange(ref oldest.State, CollectSlot.Writing, CollectSlot.Ready) == CollectSlot.Ready
            ? oldest
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collect: cannot save a frame: {Reason}")]
    private partial void LogWriteFailed(string reason);
}
