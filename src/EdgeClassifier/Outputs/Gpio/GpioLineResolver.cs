using EdgeClassifier.Hardware.Gpio;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>Turns the <c>Pin</c> / <c>Chip</c> / <c>Line</c> of a configuration entry into a chip line.</summary>
/// <param name="defaultChip">The chip of pins and of lines without their own <c>Chip</c>.</param>
internal sealed class GpioLineResolver(int defaultChip)
{
    public int DefaultChip => defaultChip;

    /// <summary>The default chip from <c>Gpio:Chip</c>, or <paramref name="headerChip"/> when unset; false when unparsable.</summary>
    public static bool TryCreate(string? chip, int headerChip, out GpioLineResolver resolver)
    {
        if (chip is null)
        {
            resolver = new GpioLineResolver(headerChip);
            return true;
        }

        var parsed = GpioChipPath.TryParse(chip, out var number);
        resolver = new GpioLineResolver(parsed ? number : headerChip);
        return parsed;
    }

    /// <summary>Resolves an entry configured at <paramref name="key"/>; on failure <paramref name="error"/> names the key.</summary>
    public bool TryResolve(LineOptions options, string key, out GpioLine line, out string error)
    {
        line = default;
        if (options.Line is { } offset)
        {
            var chip = defaultChip;
            if (options.Chip is not null && !GpioChipPath.TryParse(options.Chip, out chip))
            {
                error = $"{key}:Chip: '{options.Chip}' is not a chip; use a number (0), gpiochip0 or /dev/gpiochip0";
                return false;
            }

            if (offset < 0)
            {
                error = $"{key}:Line: {offset} is not a line offset; use 0 or more";
                return false;
            }

            line = new GpioLine(chip, offset);
            error = string.Empty;
            return true;
        }

        return TryResolvePin(options.Pin, $"{key}:Pin", out line, out error);
    }

    /// <summary>Resolves a Raspberry Pi pin configured at <paramref name="key"/>.</summary>
    public bool TryResolvePin(int? pin, string key, out GpioLine line, out string error)
    {
        line = default;
        if (pin is not { } number)
        {
            error = $"{key}: missing; set a Raspberry Pi pin (BCM GPIO {RaspberryPiPins.FirstPin}-{RaspberryPiPins.LastPin}) " +
                "or Chip and Line";
            return false;
        }

        if (!RaspberryPiPins.IsHeaderPin(number))
        {
            error = $"{key}: unknown pin {number}; Raspberry Pi pins are BCM GPIO {RaspberryPiPins.FirstPin}-" +
                $"{RaspberryPiPins.LastPin} (other boards: set Chip and Line)";
            return false;
        }

        line = RaspberryPiPins.Line(number, defaultChip);
        error = string.Empty;
        return true;
    }
}
