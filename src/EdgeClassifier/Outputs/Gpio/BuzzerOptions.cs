namespace EdgeClassifier.Outputs.Gpio;

/// <summary>A buzzer that sounds for <see cref="DurationMs"/> each time a decision starts matching <see cref="When"/>.</summary>
public sealed class BuzzerOptions : OutputLineOptions
{
    /// <summary>The decisions that sound the buzzer.</summary>
    public DecisionCondition When { get; set; } = new();

    /// <summary><c>pulse</c> for an active buzzer (line on), <c>tone</c> for a passive one (line toggled).</summary>
    public BuzzerMode Mode { get; set; } = BuzzerMode.Pulse;

    /// <summary>Tone frequency for <see cref="BuzzerMode.Tone"/>, 1-<see cref="MaxToneHz"/> Hz.</summary>
    public int FrequencyHz { get; set; } = 250;

    /// <summary>How long the buzzer sounds, in milliseconds.</summary>
    public int DurationMs { get; set; } = 200;

    /// <summary>
    /// Highest software tone: the output thread toggles the line every half period and sleeps in between, so
    /// millisecond timer resolution bounds it.
    /// </summary>
    public const int MaxToneHz = 500;
}

/// <summary>How the buzzer line is driven.</summary>
public enum BuzzerMode
{
    /// <summary>Line on for the duration (active buzzer with its own oscillator).</summary>
    Pulse,

    /// <summary>Line toggled at <c>FrequencyHz</c> for the duration (passive buzzer).</summary>
    Tone,
}
