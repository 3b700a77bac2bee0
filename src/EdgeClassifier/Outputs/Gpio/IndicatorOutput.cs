using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// A lamp or buzzer on one line following decisions: on while the condition holds, blinking while it holds, or a
/// pulse each time it becomes true; a pulse may itself be a square wave (the buzzer's tone).
/// </summary>
internal sealed class IndicatorOutput : IGpioOutput
{
    private readonly OutputLine _line;
    private readonly DecisionCondition _when;
    private readonly IndicatorMode _mode;
    private readonly long _pulseTicks;
    private readonly long _toggleTicks;
    private bool _holds;
    private long _since;
    private long _pulseEnd;

    /// <param name="line">The line.</param>
    /// <param name="when">The decisions it reacts to.</param>
    /// <param name="mode">On, blink or pulse.</param>
    /// <param name="pulseTicks">Length of a pulse.</param>
    /// <param name="toggleTicks">Half period of the blink, or of the tone within a pulse; 0 for a steady pulse.</param>
    private IndicatorOutput(OutputLine line, DecisionCondition when, IndicatorMode mode, long pulseTicks, long toggleTicks)
    {
        _line = line;
        _when = when;
        // A scan is a moment, not a state: a barcode rule always pulses.
        _mode = when.Barcode is null ? mode : IndicatorMode.Pulse;
        _pulseTicks = pulseTicks;
        _toggleTicks = toggleTicks;
    }

    public static IndicatorOutput Lamp(OutputLine line, IndicatorOptions options) => new(
        line,
        options.When,
        options.Mode,
        Ticks.FromMilliseconds(options.DurationMs),
        Ticks.FromMilliseconds(options.BlinkPeriodMs / 2.0));

    public static IndicatorOutput Buzzer(OutputLine line, BuzzerOptions options) => new(
        line,
        options.When,
        IndicatorMode.Pulse,
        Ticks.FromMilliseconds(options.DurationMs),
        options.Mode == BuzzerMode.Tone ? Ticks.FromMilliseconds(500.0 / options.FrequencyHz) : 0);

    public void OnDecision(Decision decision, long now)
    {
        var holds = _when.Matches(decision);
        if (holds && !_holds)
        {
            _since = now;
            _pulseEnd = now + _pulseTicks;
        }

        _holds = holds;
    }

    public void OnCode(ScannedCode code, long now)
    {
        if (_when.Matches(code))
        {
            _since = now;
            _pulseEnd = now + _pulseTicks;
        }
    }

    public long Refresh(long now)
    {
        var (active, next) = _mode switch
        {
            IndicatorMode.On => (_holds, long.MaxValue),
            IndicatorMode.Blink when _holds => Ticks.SquareWave(_since, _toggleTicks, now),
            IndicatorMode.Pulse when now < _pulseEnd => PulseAt(now),
            _ => (false, long.MaxValue),
        };
        _line.SetActive(active);
        return next;
    }

    public void RestoreSafeLevel() => _line.RestoreSafeLevel();

    private (bool On, long Next) PulseAt(long now)
    {
        if (_toggleTicks == 0)
        {
            return (true, _pulseEnd);
        }

        var (on, flip) = Ticks.SquareWave(_since, _toggleTicks, now);
        return (on, Math.Min(flip, _pulseEnd));
    }
}
