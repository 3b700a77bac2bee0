namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// Maps Raspberry Pi pin numbers to character-device lines. A pin is the BCM GPIO number printed on pinout diagrams
/// ("GPIO17" is header pin 11); on every Pi the header GPIOs 0-27 are lines 0-27 of one chip: <c>gpiochip0</c>,
/// except on a Pi 5 with a kernel older than 6.6.45, where the RP1 header chip is <c>gpiochip4</c>.
/// Other boards configure <c>Chip</c> and <c>Line</c> instead of <c>Pin</c>.
/// </summary>
public static class RaspberryPiPins
{
    /// <summary>Lowest BCM GPIO on the 40-pin header.</summary>
    public const int FirstPin = 0;

    /// <summary>Highest BCM GPIO on the 40-pin header.</summary>
    public const int LastPin = 27;

    /// <summary>Label of the Pi 5 RP1 chip that carries the header lines.</summary>
    public const string Rp1Label = "pinctrl-rp1";

    /// <summary>True when <paramref name="pin"/> is a BCM GPIO on the 40-pin header.</summary>
    public static bool IsHeaderPin(int pin) => pin is >= FirstPin and <= LastPin;

    /// <summary>The line of <paramref name="pin"/> on <paramref name="chip"/>; the caller checks <see cref="IsHeaderPin"/>.</summary>
    public static GpioLine Line(int pin, int chip) => new(chip, pin);

    /// <summary>
    /// The chip carrying the header on this machine: the RP1 chip when it is present under another number (older Pi 5
    /// kernels), else chip 0.
    /// </summary>
    public static int HeaderChip(IReadOnlyList<GpioChipDescription> chips)
        => chips.FirstOrDefault(c => c.Label == Rp1Label)?.Number ?? 0;
}
