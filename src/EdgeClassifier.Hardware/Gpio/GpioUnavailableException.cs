namespace EdgeClassifier.Hardware.Gpio;

/// <summary>
/// A GPIO chip or line could not be opened. The message names the chip (and line) and says why, so callers print it
/// as it is instead of a stack trace.
/// </summary>
public sealed class GpioUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
