using System.Device.Gpio;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// Opens the driver of one GPIO chip. The service and the CLI take this instead of constructing drivers, so tests run
/// the same code over a simulated chip.
/// </summary>
public interface IGpioDriverFactory
{
    /// <summary>Opens chip <paramref name="chip"/> (<c>/dev/gpiochipN</c>); the caller owns the driver.</summary>
    /// <exception cref="GpioUnavailableException">The chip does not exist, cannot be accessed, or no driver fits.</exception>
    GpioDriver Open(int chip);

    /// <summary>
    /// Why chip <paramref name="chip"/> cannot be opened at all (it does not exist), or null when it can be tried:
    /// checked with the options at start, before anything opens.
    /// </summary>
    string? Missing(int chip);
}
