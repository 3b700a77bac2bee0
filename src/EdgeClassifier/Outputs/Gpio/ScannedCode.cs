namespace EdgeClassifier.Outputs.Gpio;

/// <summary>A code the barcode reader scanned, as GPIO rules see it.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Format">The symbology as ZXing names it, e.g. <c>EAN_13</c>.</param>
public readonly record struct ScannedCode(string Text, string Format);
