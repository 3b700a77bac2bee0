namespace EdgeClassifier.Barcodes;

/// <summary>One code read from an image.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Format">The symbology as ZXing names it, e.g. <c>EAN_13</c> or <c>QR_CODE</c>.</param>
/// <param name="Points">
/// ZXing's result points (finder patterns, bar ends) as x, y pairs normalised to 0..1 of the whole frame, so they
/// stay meaningful whatever the resolution or region of interest.
/// </param>
public sealed record BarcodeCode(string Text, string Format, IReadOnlyList<NormalisedPoint> Points);

/// <summary>A position on the frame, 0..1 from the left and top edges.</summary>
/// <param name="X">Fraction of the frame width.</param>
/// <param name="Y">Fraction of the frame height.</param>
public readonly record struct NormalisedPoint(float X, float Y);
