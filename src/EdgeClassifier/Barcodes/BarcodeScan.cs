namespace EdgeClassifier.Barcodes;

/// <summary>
/// A code read from the camera, as an event: what it says, where it was, when, and what the classifier had decided
/// about the item at that moment.
/// </summary>
/// <param name="Code">The code.</param>
/// <param name="Timestamp">When the frame it was read from was taken (UTC).</param>
/// <param name="Sequence">That frame's sequence number.</param>
/// <param name="Classification">The decision current when the code was read, or null before the first one.</param>
public sealed record BarcodeScan(BarcodeCode Code, DateTimeOffset Timestamp, long Sequence, ScanClassification? Classification);

/// <summary>The part of a decision a scan carries.</summary>
/// <param name="Label">The decided label, or null for no match.</param>
/// <param name="Score">Its score.</param>
/// <param name="Ambiguous">Whether the top labels were too close to call.</param>
public sealed record ScanClassification(string? Label, float Score, bool Ambiguous);
