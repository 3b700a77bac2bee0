using System.CommandLine;
using System.Text.Json;
using EdgeClassifier.Barcodes;
using ZXing;

namespace EdgeClassifier.Cli;

/// <summary><c>edgeclassifier scan</c>: print the barcodes and QR codes in image files.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        Option<string> formats = FormatsOption("--formats");
        var tryHarder = new Option<bool>("--try-harder") { Description = "Spend more time per image (finds more codes in poor photos)" };
        var tryInverted = new Option<bool>("--try-inverted") { Description = "Also look for light codes on a dark background" };
        var json = new Option<bool>("--json") { Description = "One JSON object per image per line" };
        var images = new Argument<string[]>("IMAGE") { Description = "JPEG, PNG, BMP or WebP files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scan", "Read barcodes and QR codes in image files") { formats, tryHarder, tryInverted, json, images };
        command.SetAction(parse =>
        {
            var decoder = new BarcodeDecoder(new BarcodeDecoderSettings(ParseFormats(parse, formats), parse.GetValue(tryHarder), parse.GetValue(tryInverted)));
            return Run(decoder, parse.GetValue(images)!, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>The symbology list option, shared with <c>classify --barcodes</c> so both accept the same names.</summary>
    internal static Option<string> FormatsOption(string name) => new(name)
    {
        Description = "Comma-separated symbologies as ZXing names them (case-insensitive), e.g. EAN_13,QR_CODE",
        DefaultValueFactory = _ => string.Join(',', BarcodeFormatNames.Defaults),
    };

    /// <summary>The formats given to <paramref name="option"/>; a name ZXing does not know is bad input.</summary>
    internal static IReadOnlyList<BarcodeFormat> ParseFormats(ParseResult parse, Option<string> option) =>
        BarcodeFormatNames.TryParseList(parse.GetValue(option)!, out string? problem)
            ?? throw new CliException($"{option.Name}: {problem}.");

    private static int Run(BarcodeDecoder decoder, string[] images, bool json)
    {
        return ImageFileLoop.ForEach(images, BarcodeImageFile.Load, (image, luma) =>
        {
            IReadOnlyList<BarcodeCode> codes = decoder.Decode(luma);
            Console.WriteLine(json ? ToJson(image, codes) : ToText(image, codes));
        });
    }

    private static string ToJson(string image, IReadOnlyList<BarcodeCode> codes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("image", image);
            BarcodeJson.WriteCodes(writer, "codes", codes);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToText(string image, IReadOnlyList<BarcodeCode> codes) => codes.Count == 0
        ? $"{image}: no code found"
        : string.Join(Environment.NewLine, codes.Select(code => $"{image}: {code.Format} {code.Text}"));
}
