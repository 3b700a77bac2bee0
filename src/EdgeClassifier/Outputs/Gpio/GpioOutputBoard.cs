using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// Every configured line, opened: one <see cref="GpioController"/> per chip, the outputs and the trigger inputs.
/// Safe levels are restored under the same lock the output thread drives lines with, and once restored for shutdown
/// no output is driven again.
/// </summary>
internal sealed class GpioOutputBoard : IDisposable
{
    private readonly Lock _sync = new();
    private readonly Dictionary<int, GpioController> _controllers = [];
    private readonly List<IGpioOutput> _outputs = [];
    private readonly List<(GpioController Controller, int Line, PinChangeEventHandler Handler)> _inputs = [];
    private bool _released;

    private GpioOutputBoard()
    {
    }

    /// <summary>Opens every line of the validated <paramref name="options"/> and wires triggers to <paramref name="gate"/>.</summary>
    /// <exception cref="GpioUnavailableException">A chip or line could not be opened; the message names it.</exception>
    public static GpioOutputBoard Open(
        GpioOptions options, GpioLineResolver resolver, IGpioDriverFactory factory, TriggerGate gate)
    {
        var board = new GpioOutputBoard();
        try
        {
            board.OpenOutputs(options, resolver, factory);
            board.OpenTriggers(options.Triggers, resolver, factory, gate);
            return board;
        }
        catch
        {
            board.Dispose();
            throw;
        }
    }

    /// <summary>Feeds a decision to every output.</summary>
    public void OnDecision(Decision decision, long now)
    {
        lock (_sync)
        {
            _outputs.ForEach(o => o.OnDecision(decision, now));
        }
    }

    /// <summary>Feeds a scanned code to every output.</summary>
    public void OnCode(ScannedCode code, long now)
    {
        lock (_sync)
        {
            _outputs.ForEach(o => o.OnCode(code, now));
        }
    }

    /// <summary>Feeds a health change to every output.</summary>
    public void OnHealth(HealthState health, long now)
    {
        lock (_sync)
        {
            _outputs.ForEach(o => o.OnHealth(health, now));
        }
    }

    /// <summary>Drives every output for <paramref name="now"/>; returns the earliest next refresh time.</summary>
    public long Refresh(long now)
    {
        lock (_sync)
        {
            if (_released)
            {
                return long.MaxValue;
            }

            var next = long.MaxValue;
            foreach (var output in _outputs)
            {
                next = Math.Min(next, output.Refresh(now));
            }

            return next;
        }
    }

    /// <summary>
    /// Returns every output to its safe level and stops driving them. Safe to call more than once and from any thread
    /// (stop, process exit, unhandled exception); a line that fails does not keep the others from being restored.
    /// </summary>
    public void RestoreSafeLevels()
    {
        lock (_sync)
        {
            _released = true;
            foreach (var output in _outputs)
            {
                try
                {
                    output.RestoreSafeLevel();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Best effort on the way out: a closed or vanished chip must not stop the next line.
                    Trace.TraceWarning($"GPIO: could not restore a safe level: {ex.Message}");
                }
            }
        }
    }

    public void Dispose()
    {
        RestoreSafeLevels();
        foreach (var (controller, line, handler) in _inputs)
        {
            controller.UnregisterCallbackForPinValueChangedEvent(line, handler);
        }

        // The host disposes GpioOutputService twice (as itself and as the hosted service it also is): the second call
        // must find nothing left, or it unregisters on a disposed controller and the process aborts on stop.
        _inputs.Clear();
        foreach (var controller in _controllers.Values)
        {
            controller.Dispose();
        }

        _controllers.Clear();
    }

    private void OpenOutputs(GpioOptions options, GpioLineResolver resolver, IGpioDriverFactory factory)
    {
        OutputLine Line(OutputLineOptions entry, string key)
        {
            if (!resolver.TryResolve(entry, key, out var line, out var error))
            {
                throw new GpioConfigurationException([error]);
            }

            return OpenOutput(line, entry.ActiveLow, key, options.SafeLevels, resolver.DefaultChip, factory);
        }

        for (var i = 0; i < options.Indicators.Count; i++)
        {
            _outputs.Add(IndicatorOutput.Lamp(Line(options.Indicators[i], $"Gpio:Indicators:{i}"), options.Indicators[i]));
        }

        if (options.StatusLed is { } status)
        {
            _outputs.Add(new StatusLedOutput(Line(status, "Gpio:StatusLed"), Stopwatch.GetTimestamp()));
        }

        if (options.Buzzer is { } buzzer)
        {
            _outputs.Add(IndicatorOutput.Buzzer(Line(buzzer, "Gpio:Buzzer"), buzzer));
        }

        if (options.RgbLed is { } rgb)
        {
            OutputLine Element(int? pin, string name)
                => Line(new OutputLineOptions { Pin = pin, ActiveLow = rgb.ActiveLow }, $"Gpio:RgbLed:{name}");
            _outputs.Add(new RgbLedOutput(
                Element(rgb.RedPin, "RedPin"), Element(rgb.GreenPin, "GreenPin"), Element(rgb.BluePin, "BluePin"), rgb.Rules));
        }
    }

    private OutputLine OpenOutput(
        GpioLine line, bool activeLow, string key, Dictionary<string, int> safeLevels, int defaultChip, IGpioDriverFactory factory)
    {
        // SafeLevels are keyed by pin, i.e. by line of the default chip.
        var safeLevel = line.Chip == defaultChip
            && safeLevels.TryGetValue(line.Line.ToString(CultureInfo.InvariantCulture), out var level)
            ? (level == 1 ? PinValue.High : PinValue.Low)
            : (activeLow ? PinValue.High : PinValue.Low);
        var controller = Controller(line.Chip, factory);
        OpenLine(controller, line, key, c => c.OpenPin(line.Line, PinMode.Output, safeLevel));
        return new OutputLine(controller, line.Line, activeLow, safeLevel);
    }

    private void OpenTriggers(List<TriggerOptions> triggers, GpioLineResolver resolver, IGpioDriverFactory factory, TriggerGate gate)
    {
        for (var i = 0; i < triggers.Count; i++)
        {
            var key = $"Gpio:Triggers:{i}";
            if (!resolver.TryResolve(triggers[i], key, out var line, out var error))
            {
                throw new GpioConfigurationException([error]);
            }

            var controller = Controller(line.Chip, factory);
            var mode = triggers[i].Kind == TriggerKind.Button ? PinMode.InputPullUp : PinMode.Input;
            OpenLine(controller, line, key, c => c.OpenPin(line.Line, mode));
            var input = i;
            gate.SetInitialLevel(input, controller.Read(line.Line) == PinValue.High);
            PinChangeEventHandler handler = (_, e) => gate.OnEdge(input, e.ChangeType == PinEventTypes.Rising, gate.Now);
            controller.RegisterCallbackForPinValueChangedEvent(line.Line, PinEventTypes.Rising | PinEventTypes.Falling, handler);
            _inputs.Add((controller, line.Line, handler));
        }
    }

    private GpioController Controller(int chip, IGpioDriverFactory factory)
    {
        if (!_controllers.TryGetValue(chip, out var controller))
        {
            controller = new GpioController(factory.Open(chip));
            _controllers[chip] = controller;
        }

        return controller;
    }

    private static void OpenLine(GpioController controller, GpioLine line, string key, Action<GpioController> open)
    {
        try
        {
            open(controller);
        }
        catch (Exception ex) when (ex is not GpioUnavailableException)
        {
            throw new GpioUnavailableException($"{key}: cannot open {line}: {ex.Message} (in use by another program?)", ex);
        }
    }
}
