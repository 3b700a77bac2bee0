namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// Where a device is wired: either <c>Pin</c>, a Raspberry Pi BCM GPIO number (0-27, line N of the default chip), or
/// <c>Line</c> with an optional <c>Chip</c> for any board.
/// </summary>
public class LineOptions
{
    /// <summary>Raspberry Pi BCM GPIO number (the "GPIO17" of pinout diagrams), 0-27.</summary>
    public int? Pin { get; set; }

    /// <summary>Chip of <see cref="Line"/> (number or path); unset means the default <c>Gpio:Chip</c>.</summary>
    public string? Chip { get; set; }

    /// <summary>Line offset on the chip, for boards other than the Raspberry Pi; wins over <see cref="Pin"/>.</summary>
    public int? Line { get; set; }
}

/// <summary>Where an output device is wired, and which level turns it on.</summary>
public class OutputLineOptions : LineOptions
{
    /// <summary>True when the device is on while the line is low (e.g. a LED wired to 3.3 V, a relay board).</summary>
    public bool ActiveLow { get; set; }
}
