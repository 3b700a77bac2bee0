using ZXing;

namespace EdgeClassifier.Barcodes;

/// <summary>What a <see cref="BarcodeDecoder"/> looks for and how hard.</summary>
/// <param name="Formats">The symbologies to try; fewer is faster and misreads less.</param>
/// <param name="TryHarder">Spend more time per image: more rows scanned, a quarter turn for 1D codes.</param>
/// <param name="TryInverted">Also look for light codes on a dark background (laser-etched parts, dark labels).</param>
public sealed record BarcodeDecoderSettings(IReadOnlyList<BarcodeFormat> Formats, bool TryHarder, bool TryInverted);
