using System.Device.Gpio;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>One level change seen by a <see cref="RecordingGpioDriver"/>.</summary>
/// <param name="Pin">The driver's pin (line) number.</param>
/// <param name="Value">The new physical level.</param>
/// <param name="At">Time since the driver was created.</param>
public readonly record struct GpioLevelChange(int Pin, PinValue Value, TimeSpan At);
