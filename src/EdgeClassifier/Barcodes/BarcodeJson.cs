using System.Text.Json;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Writes codes in the one JSON shape the CLI, MQTT, the decisions file and the web share:
/// <c>{"text", "format", "points": [[x, y], …]}</c>, points normalised to 0..1 of the frame.
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
}
