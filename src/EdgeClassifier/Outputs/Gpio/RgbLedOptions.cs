namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// An RGB LED on three lines (Raspberry Pi pins of the default chip). The first rule whose condition holds sets the
/// colour; none holding turns it off.
/// </summary>
public sealed class RgbLedOptions
{
    /// <summary>BCM pin of the red element.</summary>
    public int? RedPin { get; set; }

    /// <summary>BCM pin of the green element.</summary>
    public int? GreenPin { get; set; }

    /// <summary>BCM pin of the blue element.</summary>
    public int? BluePin { get; set; }

    /// <summary>True for a common-anode LED (an element lights while its line is low).</summary>
    public bool ActiveLow { get; set; }

    /// <summary>Colour rules, first match wins.</summary>
    public List<RgbRuleOptions> Rules { get; set; } = [];
}

/// <summary>One colour rule of the RGB LED.</summary>
public sealed class RgbRuleOptions
{
    /// <summary>The decisions that show <see cref="Color"/>.</summary>
    public DecisionCondition When { get; set; } = new();

    /// <summary>The colour to show.</summary>
    public RgbColor Color { get; set; } = RgbColor.White;
}

/// <summary>The colours three digital lines can make.</summary>
[Flags]
public enum RgbColor
{
    /// <summary>All elements off.</summary>
    Off = 0,

    /// <summary>Red element.</summary>
    Red = 1,

    /// <summary>Green element.</summary>
    Green = 2,

    /// <summary>Blue element.</summary>
    Blue = 4,

    /// <summary>Red and green.</summary>
    Yellow = Red | Green,

    /// <summary>Green and blue.</summary>
    Cyan = Green | Blue,

    /// <summary>Red and blue.</summary>
    Magenta = Red | Blue,

    /// <summary>All elements on.</summary>
    White = Red | Green | Blue,
}
