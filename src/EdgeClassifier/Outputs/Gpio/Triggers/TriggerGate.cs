namespace EdgeClassifier.Outputs.Gpio.Triggers;

/// <summary>
/// Decides, per frame, whether the pipeline classifies it, from the configured trigger inputs: <c>continuous</c>
/// inputs (or none at all) always let frames through; a <c>trigger</c> input opens a burst of frames or seconds after
/// each accepted edge; a <c>hold</c> input lets frames through while its line is active. Edges closer than an input's
/// debounce time to its last accepted edge are counted and ignored.
/// </summary>
/// <remarks>
/// Edges arrive on the GPIO event thread; <see cref="ShouldProcessFrame"/> and <see cref="OnFrameProcessed"/> run on
/// the frame path and only read or swap fields, so they never block or allocate.
/// </remarks>
public sealed class TriggerGate : Pipeline.IFrameGate
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly Input[] _inputs;
    private readonly Input[] _holdInputs;
    private readonly bool _alwaysProcess;
    private int _burstFramesLeft;
    private long _burstUntil;
    private long _triggers;
    private long _debouncedEdges;
    private long _skippedFrames;
    private TriggerEvent? _lastTrigger;

    /// <param name="triggers">The <c>Gpio:Triggers</c> entries, validated.</param>
    /// <param name="time">Source of timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public TriggerGate(IReadOnlyList<TriggerOptions> triggers, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _inputs = [.. triggers.Select((t, i) => new Input($"Gpio:Triggers:{i}", t, _time))];
        _holdInputs = [.. _inputs.Where(i => i.Options.Mode == TriggerMode.Hold)];
        _alwaysProcess = _inputs.Length == 0 || _inputs.Any(i => i.Options.Mode == TriggerMode.Continuous);
    }

    /// <summary>Raised on the GPIO event thread for every accepted trigger.</summary>
    public event Action<TriggerEvent>? Triggered;

    /// <summary>The current timestamp in the unit <see cref="ShouldProcessFrame"/> takes.</summary>
    public long Now => _time.GetTimestamp();

    /// <summary>Accepted triggers since start.</summary>
    public long Triggers => Interlocked.Read(ref _triggers);

    /// <summary>Edges ignored as bounce since start.</summary>
    public long DebouncedEdges => Interlocked.Read(ref _debouncedEdges);

    /// <summary>Frames the gate kept from being classified since start.</summary>
    public long SkippedFrames => Interlocked.Read(ref _skippedFrames);

    /// <summary>The latest accepted trigger, or null.</summary>
    public TriggerEvent? LastTrigger => Volatile.Read(ref _lastTrigger);

    /// <summary>True when some input is in <c>trigger</c> or <c>hold</c> mode, so frames may be skipped.</summary>
    public bool IsGating => !_alwaysProcess;

    /// <summary>The last trigger as "kind key #number" (e.g. <c>pir Gpio:Triggers:0 #3</c>), for decisions taken in its burst.</summary>
    public string? ActiveTrigger => LastTrigger is { } last ? $"{last.Kind.ToString().ToLowerInvariant()} {last.Source} #{last.Number}" : null;

    /// <summary>
    /// Whether the frame at <paramref name="nowTicks"/> (a <see cref="Now"/> / <c>Stopwatch</c> timestamp) should
    /// be classified. Call once per frame; a false answer counts as a skipped frame.
    /// </summary>
    public bool ShouldProcessFrame(long nowTicks)
    {
        if (_alwaysProcess)
        {
            return true;
        }

        foreach (var input in _holdInputs)
        {
            if (input.IsActive)
            {
                return true;
            }
        }

        if (Volatile.Read(ref _burstFramesLeft) > 0 && nowTicks < Volatile.Read(ref _burstUntil))
        {
            return true;
        }

        Interlocked.Increment(ref _skippedFrames);
        return false;
    }

    /// <summary>Tells the gate a frame let through by <see cref="ShouldProcessFrame"/> was classified (counts down a burst).</summary>
    public void OnFrameProcessed()
    {
        int left;
        do
        {
            left = Volatile.Read(ref _burstFramesLeft);
            if (left is <= 0 or int.MaxValue)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _burstFramesLeft, left - 1, left) != left);
    }

    /// <summary>Sets the level an input line has when it is opened, before any edge.</summary>
    internal void SetInitialLevel(int input, bool high) => _inputs[input].High = high;

    /// <summary>An edge on input <paramref name="input"/>: the line is now <paramref name="high"/>.</summary>
    internal void OnEdge(int input, bool high, long nowTicks)
    {
        TriggerEvent trigger;
        lock (_sync)
        {
            var state = _inputs[input];

            // Track the level even for bounce: the last edge of a bounce burst is the level the line settles at.
            state.High = high;
            if (state.HasAccepted && nowTicks - state.LastAccepted < state.DebounceTicks)
            {
                _debouncedEdges++;
                return;
            }

            state.HasAccepted = true;
            state.LastAccepted = nowTicks;
            if (!state.IsTriggerEdge(high))
            {
                return;
            }

            if (state.Options.Mode == TriggerMode.Trigger)
            {
                StartBurst(state, nowTicks);
            }

            _triggers++;
            trigger = new TriggerEvent(state.Source, state.Options.Kind, state.Options.Mode, high, _time.GetUtcNow(), _triggers);
            Volatile.Write(ref _lastTrigger, trigger);
        }

        Triggered?.Invoke(trigger);
    }

    private void StartBurst(Input input, long nowTicks)
    {
        // Time limit first: a frame path reading in between sees the old frame count, at worst skipping one frame.
        var until = input.Options.BurstSeconds > 0
            ? nowTicks + (long)(input.Options.BurstSeconds * _time.TimestampFrequency)
            : long.MaxValue;
        Volatile.Write(ref _burstUntil, until);
        Volatile.Write(ref _burstFramesLeft, input.Options.BurstFrames > 0 ? input.Options.BurstFrames : int.MaxValue);
    }

    private sealed class Input(string source, TriggerOptions options, TimeProvider time)
    {
        private volatile bool _high;

        public string Source { get; } = source;

        public TriggerOptions Options { get; } = options;

        public long DebounceTicks { get; } = options.DebounceMs * time.TimestampFrequency / 1000;

        public bool HasAccepted { get; set; }

        public long LastAccepted { get; set; }

        public bool High
        {
            get => _high;
            set => _high = value;
        }

        /// <summary>Active level: low for falling-edge inputs (buttons to ground), else high.</summary>
        public bool IsActive => _high != (Options.EffectiveEdge == TriggerEdge.Falling);

        public bool IsTriggerEdge(bool high) => Options.EffectiveEdge switch
        {
            TriggerEdge.Rising => high,
            TriggerEdge.Falling => !high,
            _ => true,
        };
    }
}
