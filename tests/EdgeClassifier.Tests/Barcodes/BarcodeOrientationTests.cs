using EdgeClassifier.Barcodes;
using EdgeClassifier.Hardware.Camera;
using ZXing;

namespace EdgeClassifier.Tests.Barcodes;

/// <summary>
/// Codes as a station meets them: a 1D label held upright (bars horizontal) and light-on-dark marks. Checked on the
/// shared photo sets transformed in the test, so nothing here is tuned to one picture.
/// </summary>
public class BarcodeOrientationTests
{
    [Theory]
    [InlineData("ean13-3", "EAN_13", false)]
    [InlineData("ean13-3", "EAN_13", true)]
    [InlineData("code128-1", "CODE_128", false)]
    [InlineData("itf-1", "ITF", false)]
    public void Linear_codes_turned_a_quarter_either_way_are_read(string set, string format, bool tryHarder)
    {
        var decoder = new BarcodeDecoder(new BarcodeDecoderSettings(BarcodeFormatNames.TryParseList(format, out _)!, tryHarder, TryInverted: false));
        var samples = BarcodeSets.Samples(set);
        int upright = 0, clockwise = 0, anticlockwise = 0;
        foreach (BarcodeSets.Sample sample in samples)
        {
            LumaImage luma = BarcodeImageFile.Load(sample.Image);
            upright += Reads(decoder, luma, sample.ExpectedText);
            LumaImage turned = QuarterTurn(luma);
            clockwise += Reads(decoder, turned, sample.ExpectedText);
            Array.Reverse(turned.Pixels);
            anticlockwise += Reads(decoder, turned, sample.ExpectedText);
        }

        Console.WriteLine($"{set} {format} tryHarder={tryHarder}: upright {upright}, clockwise {clockwise}, anticlockwise {anticlockwise} of {samples.Count}");
        Assert.True(clockwise >= upright - 1, $"{set}: {clockwise} read turned clockwise, {upright} upright.");
        Assert.True(anticlockwise >= upright - 1, $"{set}: {anticlockwise} read turned anticlockwise, {upright} upright.");
    }

    [Theory]
    [InlineData("qrcode-2", "QR_CODE")]
    [InlineData("datamatrix-1", "DATA_MATRIX")]
    [InlineData("ean13-3", "EAN_13")]
    public void Light_codes_on_dark_need_try_inverted(string set, string format)
    {
        IReadOnlyList<BarcodeFormat> formats = BarcodeFormatNames.TryParseList(format, out _)!;
        var plain = new BarcodeDecoder(new BarcodeDecoderSettings(formats, TryHarder: false, TryInverted: false));
        var inverted = new BarcodeDecoder(new BarcodeDecoderSettings(formats, TryHarder: false, TryInverted: true));
        var samples = BarcodeSets.Samples(set);
        int upright = 0, plainOnDark = 0, invertedOnDark = 0;
        foreach (BarcodeSets.Sample sample in samples)
        {
            LumaImage luma = BarcodeImageFile.Load(sample.Image);
            upright += Reads(plain, luma, sample.ExpectedText);
            for (int i = 0; i < luma.Pixels.Length; i++)
            {
                luma.Pixels[i] = (byte)(255 - luma.Pixels[i]);
            }

            plainOnDark += Reads(plain, luma, sample.ExpectedText);
            invertedOnDark += Reads(inverted, luma, sample.ExpectedText);
        }

        Console.WriteLine($"{set}: upright {upright}, negative without TryInverted {plainOnDark}, with {invertedOnDark} of {samples.Count}");
        Assert.True(plainOnDark < invertedOnDark, $"{set}: negatives read as well without TryInverted ({plainOnDark}) as with it.");
        Assert.True(invertedOnDark >= upright - 1, $"{set}: {invertedOnDark} negatives read with TryInverted, {upright} positives.");
    }

    private static int Reads(BarcodeDecoder decoder, LumaImage luma, string expected) =>
        decoder.Decode(luma).Any(code => code.Text == expected) ? 1 : 0;

    /// <summary>The image turned a quarter clockwise, as a new luma image.</summary>
    private static LumaImage QuarterTurn(LumaImage luma)
    {
        int width = luma.Width, height = luma.Height;
        byte[] turned = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                turned[(x * height) + (height - 1 - y)] = luma.Pixels[(y * width) + x];
            }
        }

        var result = new LumaImage();
        result.CopyFrom(new ImageView(turned, PixelFormat.Grey, height, width), null, 0, DateTimeOffset.UtcNow);
        return result;
    }
}
