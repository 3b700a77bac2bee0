using System.Device.Gpio;
using System.Diagnostics;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>
/// A simulated GPIO chip for tests (the kernel boundary; the VM suite runs the real gpio-sim driver). It records every level change of every line with a timestamp, and
/// lets a test drive input lines, which raises the edge callbacks registered through <see cref="GpioController"/>
/// exactly as a kernel edge event would.
/// </summary>
public sealed class RecordingGpioDriver(int pinCount = 64) : GpioDriver
{
    private readonly Lock _sync = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly List<GpioLevelChange> _changes = [];
    private readonly Dictionary<int, PinState> _pins = [];
    private readonly Dictionary<int, string> _claimed = [];

    /// <summary>Every level change so far, in order.</summary>
    public IReadOnlyList<GpioLevelChange> Changes
    {
        get
        {
            lock (_sync)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>True once <see cref="GpioDriver.Dispose()"/> ran, i.e. the controller let the chip go.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    protected override int PinCount => pinCount;

    /// <summary>The level changes of <paramref name="pin"/>, in order.</summary>
    public IReadOnlyList<GpioLevelChange> ChangesOf(int pin) => [.. Changes.Where(c => c.Pin == pin)];

    /// <summary>The current physical level of <paramref name="pin"/>, or null before anything set it.</summary>
    public PinValue? LevelOf(int pin)
    {
        lock (_sync)
        {
            return _pins.TryGetValue(pin, out var state) ? state.Level : null;
        }
    }

    /// <summary>The time base of <see cref="GpioLevelChange.At"/>: time since this driver was created.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    /// <summary>Marks <paramref name="pin"/> as held by another program: opening it fails as a busy line does.</summary>
    public void Claim(int pin, string consumer)
    {
        lock (_sync)
        {
            _claimed[pin] = consumer;
        }
    }

    /// <summary>
    /// Sets the level of an input line as the outside world would and raises the matching edge callbacks on the calling
    /// thread. Nothing happens when the level does not change.
    /// </summary>
    public void DriveInput(int pin, PinValue level)
    {
        PinChangeEventHandler[] handlers;
        PinEventTypes edge;
        lock (_sync)
        {
            var state = StateOf(pin);
            if (state.Mode == PinMode.Output)
            {
                throw new InvalidOperationException($"pin {pin} is an output; only inputs can be driven");
            }

            if (state.Level == level)
            {
                return;
            }

            edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            Record(pin, state, level);
            handlers = [.. state.Callbacks.Where(c => (c.Events & edge) != 0).Select(c => c.Handler)];
        }

        var args = new PinValueChangedEventArgs(edge, pin);
        foreach (var handler in handlers)
        {
            handler(this, args);
        }
    }

    /// <inheritdoc />
    protected override void OpenPin(int pinNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pinNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pinNumber, pinCount);
        lock (_sync)
        {
            if (_claimed.TryGetValue(pinNumber, out var consumer))
            {
                throw new IOException($"line {pinNumber} is busy (held by '{consumer}')");
            }

            _ = StateOf(pinNumber);
        }
    }

    /// <inheritdoc />
    protected override void ClosePin(int pinNumber)
    {
        lock (_sync)
        {
            if (_pins.TryGetValue(pinNumber, out var state))
            {
                state.Callbacks.Clear();
            }
        }
    }

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_sync)
        {
            var state = StateOf(pinNumber);
            state.Mode = mode;

            // An unconnected line reads what its bias pulls it to; outputs start low like a freshly requested line.
            PinValue? initial = mode switch
            {
                PinMode.InputPullUp => PinValue.High,
                PinMode.InputPullDown or PinMode.Output => PinValue.Low,
                _ => null,
            };
            if (state.Level is null && initial is { } level)
            {
                Record(pinNumber, state, level);
            }
        }
    }

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_sync)
        {
            var state = StateOf(pinNumber);
            state.Mode = mode;
            if (mode == PinMode.Output && state.Level != initialValue)
            {
                Record(pinNumber, state, initialValue);
            }
        }
    }

    /// <inheritdoc />
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_sync)
        {
            return StateOf(pinNumber).Mode;
        }
    }

    /// <inheritdoc />
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    /// <inheritdoc />
    protected override PinValue Read(int pinNumber)
    {
        lock (_sync)
        {
            return StateOf(pinNumber).Level ?? PinValue.Low;
        }
    }

    /// <inheritdoc />
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_sync)
        {
            var state = StateOf(pinNumber);
            if (state.Mode != PinMode.Output)
            {
                throw new InvalidOperationException($"pin {pinNumber} is not an output");
            }

            if (state.Level != value)
            {
                Record(pinNumber, state, value);
            }
        }
    }

    /// <inheritdoc />
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var seen = new SemaphoreSlim(0);
        var edge = PinEventTypes.None;
        void OnEdge(object sender, PinValueChangedEventArgs e)
        {
            edge = e.ChangeType;
            seen.Release();
        }

        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnEdge);
        try
        {
            seen.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = edge, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, OnEdge);
        }
    }

    /// <inheritdoc />
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            StateOf(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    /// <inheritdoc />
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            StateOf(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private PinState StateOf(int pin)
    {
        if (!_pins.TryGetValue(pin, out var state))
        {
            state = new PinState();
            _pins[pin] = state;
        }

        return state;
    }

    private void Record(int pin, PinState state, PinValue level)
    {
        state.Level = level;
        _changes.Add(new GpioLevelChange(pin, level, Elapsed));
    }

    private sealed class PinState
    {
        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue? Level { get; set; }

        public List<(PinEventTypes Events, PinChangeEventHandler Handler)> Callbacks { get; } = [];
    }
}
