using EdgeClassifier.Barcodes;
using ZXing;

namespace EdgeClassifier.Tests.Barcodes;

/// <summary>
/// Each photo set of ../shared/barcodes read through the same path as <c>edgeclassifier scan</c> (file → luma →
/// decoder) with only that set's format enabled, upright and turned 180°, must reach the counts its README lists
/// (zxing's own black-box test thresholds), with no more misreads than allowed.
/// </summary>
public class BarcodeSetTests
{
    [Theory]
    [InlineData("ean13-3", "EAN_13", 53, 55, 55, 55, 0)]
    [InlineData("upca-2", "UPC_A", 28, 36, 29, 36, 2)]
    [InlineData("upce-2", "UPC_E", 31, 35, 31, 35, 1)]
    [InlineData("ean8-1", "EAN_8", 8, 8, 8, 8, 0)]
    [InlineData("itf-1", "ITF", 14, 14, 14, 14, 0)]
    [InlineData("code128-1", "CODE_128", 6, 6, 6, 6, 0)]
    [InlineData("qrcode-2", "QR_CODE", 32, 32, 31, 31, 0)]
    [InlineData("datamatrix-1", "DATA_MATRIX", 22, 22, 22, 22, 0)]
    public void Set_decodes_at_least_the_listed_count_upright_and_turned(
        string set, string format, int upright, int uprightHarder, int turned, int turnedHarder, int misreadsAllowed)
    {
        IReadOnlyList<BarcodeFormat> formats = BarcodeFormatNames.TryParseList(format, out _)!;
        var normal = new BarcodeDecoder(new BarcodeDecoderSettings(formats, TryHarder: false, TryInverted: false));
        var harder = new BarcodeDecoder(new BarcodeDecoderSettings(formats, TryHarder: true, TryInverted: false));
        var tally = new Dictionary<string, (int Read, int Misread)>();
        foreach (BarcodeSets.Sample sample in BarcodeSets.Samples(set))
        {
            LumaImage luma = BarcodeImageFile.Load(sample.Image);
            Count("upright", normal, luma, sample.ExpectedText, tally);
            Count("upright, try harder", harder, luma, sample.ExpectedText, tally);
            Array.Reverse(luma.Pixels); // a half turn of a packed image is the bytes in reverse order
            Count("turned 180°", normal, luma, sample.ExpectedText, tally);
            Count("turned 180°, try harder", harder, luma, sample.ExpectedText, tally);
        }

        var expected = new Dictionary<string, int>
        {
            ["upright"] = upright,
            ["upright, try harder"] = uprightHarder,
            ["turned 180°"] = turned,
            ["turned 180°, try harder"] = turnedHarder,
        };
        foreach (var (pass, minimum) in expected)
        {
            var (read, misread) = tally.GetValueOrDefault(pass);
            Assert.True(read >= minimum, $"{set} {pass}: decoded {read}, needs at least {minimum}.");
            Assert.True(misread <= misreadsAllowed, $"{set} {pass}: {misread} misreads, at most {misreadsAllowed} allowed.");
        }
    }

    private static void Count(string pass, BarcodeDecoder decoder, LumaImage luma, string expected, Dictionary<string, (int Read, int Misread)> tally)
    {
        var (read, misread) = tally.GetValueOrDefault(pass);
        IReadOnlyList<BarcodeCode> codes = decoder.Decode(luma);
        if (codes.Count > 0)
        {
            tally[pass] = codes.Any(code => code.Text == expected) ? (read + 1, misread) : (read, misread + 1);
        }
    }
}
