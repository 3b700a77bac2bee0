using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Configuration section <c>Barcode</c>: reading barcodes and QR codes from the camera beside the classification,
/// on a worker of its own so the frame budget is untouched. Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class BarcodeOptions
{
    public const string Section = "Barcode";

    /// <summary>Scan frames for codes.</summary>
    public bool Enabled { get; set; }

    /// <summary>Symbologies to read, by ZXing's names (case-insensitive).</summary>
    public string[] Formats { get; set; } = [.. BarcodeFormatNames.Defaults];

    /// <summary>Spend more time per frame: finds codes in poorer images.</summary>
    public bool TryHarder { get; set; } = true;

    /// <summary>Also read light codes on a dark background (costs a second pass on frames without a code).</summary>
    public bool TryInverted { get; set; }

    /// <summary>Normalised [x1, y1, x2, y2] part of the frame to search; empty = the whole frame.</summary>
    public float[]? RegionOfInterest { get; set; }

    /// <summary>Decode attempts per second at most; 0 = every frame the decoder keeps up with.</summary>
    public double MaxRate { get; set; } = 10;

    /// <summary>When to scan: always, while the decision is one of <see cref="Labels"/>, or after a GPIO trigger.</summary>
    public BarcodeScanMode When { get; set; } = BarcodeScanMode.Always;

    /// <summary>With <see cref="BarcodeScanMode.Label"/>: the decided labels during which frames are scanned.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>With <see cref="BarcodeScanMode.Trigger"/>: how long each trigger keeps scanning.</summary>
    public double TriggerSeconds { get; set; } = 5;

    /// <summary>The same text seen again within this many seconds is the same scan, not a new one.</summary>
    public double RepeatSeconds { get; set; } = 3;

    /// <summary>Every problem with these options, each naming its key; empty when they are usable (or scanning is off).</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (BarcodeFormatNames.TryParse(Formats, out string? problem) is null)
        {
            yield return $"Barcode:Formats: {problem}.";
        }

        // The same rule as the classifier's region, so both keys read alike.
        if (RegionOfInterest is { Length: > 0 } roi && new PreprocessOptions { RegionOfInterest = roi }.Validate() is { } region)
        {
            yield return $"Barcode:{region}";
        }

        if (!(MaxRate is >= 0 and <= 1000))
        {
            yield return $"Barcode:MaxRate must be between 0 (every frame) and 1000 attempts per second, got {MaxRate}.";
        }

        if (!(RepeatSeconds is >= 0 and <= 86400))
        {
            yield return $"Barcode:RepeatSeconds must be between 0 and 86400, got {RepeatSeconds}.";
        }

        if (When == BarcodeScanMode.Label && Labels.Length == 0)
        {
            yield return "Barcode:Labels must name at least one label when Barcode:When is label.";
        }

        if (When == BarcodeScanMode.Trigger && !(TriggerSeconds is > 0 and <= 3600))
        {
            yield return $"Barcode:TriggerSeconds must be above 0 and at most 3600, got {TriggerSeconds}.";
        }
    }
}
