using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// Opens chips through libgpiod's character-device drivers, picking <see cref="LibGpiodV2Driver"/> or
/// <see cref="LibGpiodDriver"/> (v1) by the library installed (System.Device.Gpio 4.2 has no automatic choice).
/// </summary>
public sealed class LibGpiodDriverFactory : IGpioDriverFactory
{
    /// <inheritdoc />
    public string? Missing(int chip)
    {
        var path = GpioChipPath.DevicePath(chip);
        return File.Exists(path) ? null : $"cannot open GPIO chip gpiochip{chip}: {path} does not exist ({DescribeChips()})";
    }

    /// <inheritdoc />
    public GpioDriver Open(int chip)
    {
        if (Missing(chip) is { } missing)
        {
            throw new GpioUnavailableException(missing);
        }

        var path = GpioChipPath.DevicePath(chip);

        var version = LibGpiodProbe.Version;
        try
        {
            return version switch
            {
                LibGpiodVersion.V2 => new LibGpiodV2Driver(chip),
                LibGpiodVersion.V1 => new LibGpiodDriver(chip),
                _ => throw new GpioUnavailableException(
                    $"cannot open GPIO chip gpiochip{chip}: libgpiod is not installed (install libgpiod3 or libgpiod2)"),
            };
        }
        catch (Exception ex) when (ex is not GpioUnavailableException)
        {
            // The drivers report "Exception while calling libgpiod" without the chip; name it and keep the cause.
            throw new GpioUnavailableException(
                $"cannot open GPIO chip gpiochip{chip} ({path}) with libgpiod {version}: {ex.Message} " +
                "(is the user in the 'gpio' group?)", ex);
        }
    }

    private static string DescribeChips()
    {
        var chips = GpioChipReader.ListChips();
        return chips.Count == 0
            ? "no GPIO chip on this machine"
            : "available: " + string.Join(", ", chips.Select(c => $"gpiochip{c.Number} ({c.Label})"));
    }
}
