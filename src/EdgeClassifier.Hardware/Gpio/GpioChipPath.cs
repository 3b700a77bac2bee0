using System.Globalization;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>Names of GPIO chips: a number, <c>gpiochipN</c> or <c>/dev/gpiochipN</c> all denote chip N.</summary>
public static class GpioChipPath
{
    private const string DevicePrefix = "/dev/gpiochip";
    private const string NamePrefix = "gpiochip";

    /// <summary>The character device of chip <paramref name="chip"/>, e.g. <c>/dev/gpiochip0</c>.</summary>
    public static string DevicePath(int chip) => DevicePrefix + chip.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>4</c>, <c>gpiochip4</c> or <c>/dev/gpiochip4</c> into 4; false for anything else.</summary>
    public static bool TryParse(string? text, out int chip)
    {
        chip = -1;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var digits = trimmed.StartsWith(DevicePrefix, StringComparison.Ordinal) ? trimmed[DevicePrefix.Length..]
            : trimmed.StartsWith(NamePrefix, StringComparison.Ordinal) ? trimmed[NamePrefix.Length..]
            : trimmed;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out chip);
    }
}
