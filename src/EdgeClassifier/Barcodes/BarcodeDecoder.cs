using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.Multi;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Reads barcodes from a <see cref="LumaImage"/> with ZXing. Not thread-safe: each worker owns one. Decoding allocates
/// (ZXing builds bit matrices per attempt), which is why it never runs on the frame thread.
/// </summary>
public sealed class BarcodeDecoder
{
    private readonly Reader _reader;
    private readonly Reader? _linearReader;
    private byte[] _turned = [];

    static BarcodeDecoder()
    {
        // QR codes may carry Shift_JIS, ISO-8859-x or other legacy text; .NET only ships those code pages on request.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Creates a decoder for <paramref name="settings"/>.</summary>
    public BarcodeDecoder(BarcodeDecoderSettings settings)
    {
        Settings = settings;
        _reader = CreateReader(settings.Formats, settings);
        var linear = settings.Formats.Where(BarcodeFormatNames.IsLinear).ToList();

        // With TryHarder ZXing's 1D readers already retry the image turned a quarter; without it a code held upright
        // (bars horizontal) is only found if we turn the image ourselves. Half and three-quarter turns need nothing:
        // 1D rows are also read right to left.
        _linearReader = !settings.TryHarder && linear.Count > 0 ? CreateReader(linear, settings) : null;
    }

    /// <summary>What this decoder looks for.</summary>
    public BarcodeDecoderSettings Settings { get; }

    /// <summary>
    /// Every code found in <paramref name="image"/> (empty when none; a label may carry several), positions
    /// normalised to its frame.
    /// </summary>
    public IReadOnlyList<BarcodeCode> Decode(LumaImage image)
    {
        var upright = new PlanarYUVLuminanceSource(image.Pixels, image.Width, image.Height, 0, 0, image.Width, image.Height, false);
        if (ToCodes(Read(_reader, upright), image, turned: false) is { } found)
        {
            return found;
        }

        LuminanceSource? turned = null;
        if (_linearReader is not null)
        {
            turned = TurnQuarter(image);
            if (ToCodes(Read(_linearReader, turned), image, turned: true) is { } foundTurned)
            {
                return foundTurned;
            }
        }

        // ZXing's own TryInverted only flips the 2D readers' bit matrix; inverting the luma reaches 1D codes too.
        if (!Settings.TryInverted)
        {
            return [];
        }

        if (ToCodes(Read(_reader, new InvertedLuminanceSource(upright)), image, turned: false) is { } foundInverted)
        {
            return foundInverted;
        }

        return turned is null ? [] : ToCodes(Read(_linearReader!, new InvertedLuminanceSource(turned)), image, turned: true) ?? [];
    }

    /// <summary>
    /// A reader for <paramref name="formats"/> that, once it found a code, also searches the rest of the image for
    /// more (ZXing's generic multi-reader: the whole image first, exactly as a single read, then the parts around
    /// each find).
    /// </summary>
    private static Reader CreateReader(IReadOnlyList<BarcodeFormat> formats, BarcodeDecoderSettings settings)
    {
        var options = new DecodingOptions { PossibleFormats = [.. formats], TryHarder = settings.TryHarder };
        return new Reader(new GenericMultipleBarcodeReader(new MultiFormatReader()), options.Hints);
    }

    private static Result[]? Read(Reader reader, LuminanceSource source) =>
        reader.Multiple.decodeMultiple(new BinaryBitmap(new HybridBinarizer(source)), reader.Hints);

    /// <summary>Turns the image a quarter counter-clockwise into <see cref="_turned"/> (reused between frames).</summary>
    private PlanarYUVLuminanceSource TurnQuarter(LumaImage image)
    {
        int width = image.Width;
        int height = image.Height;
        if (_turned.Length != width * height)
        {
            _turned = new byte[width * height];
        }

        byte[] pixels = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                _turned[((width - 1 - x) * height) + y] = pixels[row + x];
            }
        }

        return new PlanarYUVLuminanceSource(_turned, height, width, 0, 0, height, width, false);
    }

    private static BarcodeCode[]? ToCodes(Result[]? results, LumaImage image, bool turned) =>
        results is { Length: > 0 } ? [.. results.Select(result => ToCode(result, image, turned))] : null;

    private static BarcodeCode ToCode(Result result, LumaImage image, bool turned)
    {
        var points = new List<NormalisedPoint>(result.ResultPoints?.Length ?? 0);
        foreach (ResultPoint? point in result.ResultPoints ?? [])
        {
            if (point is null)
            {
                continue;
            }

            // A point (xt, yt) of the quarter-turned image came from (width - 1 - yt, xt) of the held one.
            float x = turned ? image.Width - 1 - point.Y : point.X;
            float y = turned ? point.X : point.Y;
            points.Add(new NormalisedPoint(
                Math.Clamp((image.Region.Left + x) / image.FrameWidth, 0f, 1f),
                Math.Clamp((image.Region.Top + y) / image.FrameHeight, 0f, 1f)));
        }

        return new BarcodeCode(result.Text, result.BarcodeFormat.ToString(), points);
    }

    private sealed record Reader(GenericMultipleBarcodeReader Multiple, IDictionary<DecodeHintType, object> Hints);
}
