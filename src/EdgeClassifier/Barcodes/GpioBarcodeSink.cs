using EdgeClassifier.Outputs.Gpio;

namespace EdgeClassifier.Barcodes;

/// <summary>Hands each scan to the GPIO output thread, where rules with <c>When:Barcode</c> pulse their lamp or buzzer.</summary>
public sealed class GpioBarcodeSink(GpioOutputService gpio) : IBarcodeSink
{
    /// <inheritdoc />
    public string Name => "gpio";

    /// <inheritdoc />
    public bool TryPublish(BarcodeScan scan) => gpio.TryPostCode(new ScannedCode(scan.Code.Text, scan.Code.Format));
}
