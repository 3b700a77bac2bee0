using System.Text;
using ZXing;
using ZXing.Common;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Reads barcodes from a <see cref="LumaImage"/> with ZXing. Not thread-safe: each worker owns one. Decoding allocates
/// (ZXing builds bit matrices per attempt), which is why it never runs on the frame thread.
/// </summary>
public sealed class BarcodeDecoder
{
    private readonly BarcodeReaderGeneric _reader;
    private readonly BarcodeReaderGeneric? _linearReader;
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

    /// <summary>The codes found in <paramref name="image"/> (empty when none), positions normalised to its frame.</summary>
    public IReadOnlyList<BarcodeCode> Decode(LumaImage image)
    {
        var upright = new PlanarYUVLuminanceSource(image.Pixels, image.Width, image.Height, 0, 0, image.Width, image.Height, false);
        LuminanceSource? turned = null;
        if (_reader.Decode(upright) is { } found)
        {
            return [ToCode(found, image, turned: false)];
        }

        if (_linearReader is not null)
        {
            turned = TurnQuarter(image);
            if (_linearReader.Decode(turned) is { } foundTurned)
            {
                return [ToCode(foundTurned, image, turned: true)];
            }
        }

        // ZXing's own TryInverted only flips the 2D readers' bit matrix; inverting the luma reaches 1D codes too.
        if (!Settings.TryInverted)
        {
            return [];
        }

        if (_reader.Decode(new InvertedLuminanceSource(upright)) is { } foundInverted)
        {
            return [ToCode(foundInverted, image, turned: false)];
        }

        return turned is not null && _linearReader!.Decode(new InvertedLuminanceSource(turned)) is { } foundTurnedInverted
            ? [ToCode(foundTurnedInverted, image, turned: true)]
            : [];
    }

    private static BarcodeReaderGeneric CreateReader(IReadOnlyList<BarcodeFormat> formats, BarcodeDecoderSettings settings) => new()
    {
        AutoRotate = false,
        Options = new DecodingOptions
        {
            PossibleFormats = [.. formats],
            TryHarder = settings.TryHarder,
        },
    };

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
}
