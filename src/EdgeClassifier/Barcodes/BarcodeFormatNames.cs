using ZXing;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Barcode symbologies by the names ZXing gives them (<c>EAN_13</c>, <c>QR_CODE</c>, …), read case-insensitively from
/// configuration and the command line, so one spelling works in <c>Barcode:Formats</c>, <c>scan --formats</c> and
/// the JSON the service prints.
/// </summary>
public static class BarcodeFormatNames
{
    /// <summary>Retail (EAN/UPC), logistics (Code 128) and 2D part marking (QR, Data Matrix): what a scanning station meets.</summary>
    public static IReadOnlyList<string> Defaults { get; } = ["EAN_13", "EAN_8", "UPC_A", "UPC_E", "CODE_128", "QR_CODE", "DATA_MATRIX"];

    /// <summary>Every single symbology ZXing can read (the flag combinations such as <c>All_1D</c> are left out).</summary>
    public static IReadOnlyList<BarcodeFormat> Readable { get; } =
    [
        BarcodeFormat.AZTEC, BarcodeFormat.CODABAR, BarcodeFormat.CODE_39, BarcodeFormat.CODE_93, BarcodeFormat.CODE_128,
        BarcodeFormat.DATA_MATRIX, BarcodeFormat.EAN_8, BarcodeFormat.EAN_13, BarcodeFormat.ITF, BarcodeFormat.MAXICODE,
        BarcodeFormat.PDF_417, BarcodeFormat.QR_CODE, BarcodeFormat.RSS_14, BarcodeFormat.RSS_EXPANDED, BarcodeFormat.UPC_A,
        BarcodeFormat.UPC_E, BarcodeFormat.MSI, BarcodeFormat.PLESSEY, BarcodeFormat.IMB,
    ];

    /// <summary>The one-dimensional (linear) symbologies, which need a rotation to be read when held upright.</summary>
    public static bool IsLinear(BarcodeFormat format) => (format & BarcodeFormat.All_1D) != 0;

    /// <summary>Parses names such as <c>ean_13</c>; returns null and sets <paramref name="problem"/> when one is unknown or none is given.</summary>
    public static IReadOnlyList<BarcodeFormat>? TryParse(IEnumerable<string> names, out string? problem)
    {
        var formats = new List<BarcodeFormat>();
        foreach (string raw in names)
        {
            string name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            BarcodeFormat? match = Readable.Cast<BarcodeFormat?>().FirstOrDefault(f => string.Equals(f.ToString(), name, StringComparison.OrdinalIgnoreCase));
            if (match is not { } format)
            {
                problem = $"unknown barcode format '{name}'; known formats: {string.Join(", ", Readable)}";
                return null;
            }

            if (!formats.Contains(format))
            {
                formats.Add(format);
            }
        }

        problem = formats.Count == 0 ? "no barcode format given" : null;
        return problem is null ? formats : null;
    }

    /// <summary>Splits a comma-separated list (<c>EAN_13,QR_CODE</c>) and parses it like <see cref="TryParse"/>.</summary>
    public static IReadOnlyList<BarcodeFormat>? TryParseList(string list, out string? problem) =>
        TryParse(list.Split(','), out problem);
}
