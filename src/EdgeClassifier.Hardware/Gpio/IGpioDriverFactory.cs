using System.Device.Gpio;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// Opens the driver of one GPIO chip. The service and the CLI take this instead of constructing drivers, so tests run
/// the same code over a <see cref="RecordingGpioDriver"/>.
/// </summary>
public interface IGpioDriverFactory
{
    /// <summary>Opens chip <paramref name="chip"/> (<c>/dev/gpiochipN</c>); the caller owns the driver.</summary>
    /// <exception cref="GpioUnavailableException">The chip does not exist, cannot be accessed, or no driver fits.</exception>
    GpioDriver Open(int chip);
}
