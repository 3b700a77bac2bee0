using System.Collections.Concurrent;
using System.Device.Gpio;
using EdgeClassifier.Hardware.Gpio;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>Opens a <see cref="RecordingGpioDriver"/> per chip number, and lets the test reach it afterwards.</summary>
internal sealed class RecordingChipFactory : IGpioDriverFactory
{
    private readonly ConcurrentDictionary<int, RecordingGpioDriver> _drivers = new();

    public GpioDriver Open(int chip) => Driver(chip);

    public string? Missing(int chip) => null;

    /// <summary>The driver of <paramref name="chip"/>, created ahead of the service when the test needs to prepare it.</summary>
    public RecordingGpioDriver Driver(int chip = 0) => _drivers.GetOrAdd(chip, _ => new RecordingGpioDriver());
}
