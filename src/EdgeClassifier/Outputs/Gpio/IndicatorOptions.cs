namespace EdgeClassifier.Outputs.Gpio;

/// <summary>A lamp on one line that follows decisions matching <see cref="When"/>.</summary>
public sealed class IndicatorOptions : OutputLineOptions
{
    /// <summary>The decisions the lamp reacts to.</summary>
    public DecisionCondition When { get; set; } = new();

    /// <summary>How the lamp reacts; see <see cref="IndicatorMode"/>.</summary>
    public IndicatorMode Mode { get; set; } = IndicatorMode.On;

    /// <summary>Length of a <see cref="IndicatorMode.Pulse"/>, in milliseconds.</summary>
    public int DurationMs { get; set; } = 500;

    /// <summary>One full on+off cycle of <see cref="IndicatorMode.Blink"/>, in milliseconds.</summary>
    public int BlinkPeriodMs { get; set; } = 500;
}

/// <summary>How an indicator shows a matching decision.</summary>
public enum IndicatorMode
{
    /// <summary>On while the condition holds.</summary>
    On,

    /// <summary>Blinks (on first) while the condition holds.</summary>
    Blink,

    /// <summary>On for <c>DurationMs</c> each time the condition becomes true.</summary>
    Pulse,
}
