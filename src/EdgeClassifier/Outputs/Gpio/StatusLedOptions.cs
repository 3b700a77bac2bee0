namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// A LED that tells a person at the board how the service is: a heartbeat while frames flow, a blink code per
/// problem (see <see cref="StatusPatterns"/>).
/// </summary>
public sealed class StatusLedOptions : OutputLineOptions;
