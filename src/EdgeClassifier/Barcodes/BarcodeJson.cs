using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Writes codes and scans in the one JSON shape the CLI, MQTT, the decisions file and the web share:
/// <c>{"text", "format", "points": [[x, y], …]}</c> (points normalised to 0..1 of the frame), and for a scan also
/// <c>"timestamp", "sequence", "classification": {"label", "score", "ambiguous"}</c>.
/// </summary>
public static class BarcodeJson
{
    /// <summary>Writes the <c>text</c>, <c>format</c> and <c>points</c> properties into the object being written.</summary>
    public static void WriteCodeProperties(Utf8JsonWriter writer, BarcodeCode code)
    {
        writer.WriteString("text", code.Text);
        writer.WriteString("format", code.Format);
        writer.WriteStartArray("points");
        foreach (NormalisedPoint point in code.Points)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Math.Round(point.X, 4));
            writer.WriteNumberValue(Math.Round(point.Y, 4));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="codes"/> as an array property named <paramref name="name"/>.</summary>
    public static void WriteCodes(Utf8JsonWriter writer, string name, IReadOnlyList<BarcodeCode> codes)
    {
        writer.WriteStartArray(name);
        foreach (BarcodeCode code in codes)
        {
            writer.WriteStartObject();
            WriteCodeProperties(writer, code);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="scan"/> as a JSON object (an unnamed value, or a property when <paramref name="name"/> is set).</summary>
    public static void WriteScan(Utf8JsonWriter writer, BarcodeScan scan, string? name = null)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }

        WriteCodeProperties(writer, scan.Code);
        writer.WriteString("timestamp", scan.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteNumber("sequence", scan.Sequence);
        if (scan.Classification is { } classification)
        {
            writer.WriteStartObject("classification");
            writer.WriteString("label", classification.Label);
            writer.WriteNumber("score", Math.Round(classification.Score, 6));
            writer.WriteBoolean("ambiguous", classification.Ambiguous);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("classification");
        }

        writer.WriteEndObject();
    }

    /// <summary>One scan as a UTF-8 JSON document (the MQTT payload).</summary>
    public static byte[] ScanBytes(BarcodeScan scan)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteScan(writer, scan);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One scan as a line of the decisions file: <c>{"barcode": {…}}</c>.</summary>
    public static string ScanLine(BarcodeScan scan)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteScan(writer, scan, "barcode");
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
