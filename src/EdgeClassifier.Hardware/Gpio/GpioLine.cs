namespace EdgeClassifier.Hardware.Gpio;

/// <summary>One GPIO line of the Linux character device: the chip number (<c>/dev/gpiochipN</c>) and the line offset.</summary>
/// <param name="Chip">Chip number N of <c>/dev/gpiochipN</c>.</param>
/// <param name="Line">Line offset on that chip.</param>
public readonly record struct GpioLine(int Chip, int Line)
{
    /// <inheritdoc />
    public override string ToString() => $"gpiochip{Chip} line {Line}";
}
