using EdgeClassifier.Outputs.Gpio.Triggers;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// The <c>Gpio</c> configuration section: lamps, a buzzer, an RGB LED and a status LED that follow decisions and
/// health, and input lines (PIR sensor, button) that decide when frames are classified. Without the section the
/// service runs without GPIO.
/// </summary>
public sealed class GpioOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Gpio";

    /// <summary>
    /// The default chip: a number (<c>0</c>), <c>gpiochip0</c> or <c>/dev/gpiochip0</c>. Unset: the chip carrying the
    /// Raspberry Pi header (<c>gpiochip0</c>, or the RP1 chip on older Pi 5 kernels).
    /// </summary>
    public string? Chip { get; set; }

    /// <summary>Lamps that follow decisions, one rule per line.</summary>
    public List<IndicatorOptions> Indicators { get; set; } = [];

    /// <summary>A LED showing the service's health, or null for none.</summary>
    public StatusLedOptions? StatusLed { get; set; }

    /// <summary>A buzzer sounding when a decision matches, or null for none.</summary>
    public BuzzerOptions? Buzzer { get; set; }

    /// <summary>An RGB LED on three lines whose colour follows decisions, or null for none.</summary>
    public RgbLedOptions? RgbLed { get; set; }

    /// <summary>Input lines that gate classification (camera traps, scanning stations).</summary>
    public List<TriggerOptions> Triggers { get; set; } = [];

    /// <summary>
    /// Physical level (0 or 1) each output returns to on stop, keyed by pin number (i.e. line of the default chip).
    /// Outputs not listed return to their inactive level (low, or high when active-low).
    /// </summary>
    public Dictionary<string, int> SafeLevels { get; set; } = [];
}
