using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>How payloads are serialised: camelCase, and without HTML escaping so templates and labels stay readable.</summary>
public static class MqttJson
{
    /// <summary>The serializer options for every JSON payload.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Payloads are never embedded in HTML; escaping ' and " as \u0027 only hurts people reading them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>UTF-8 JSON of <paramref name="node"/>.</summary>
    /// <remarks>The node writes itself: no reflection serializer, which a Native AOT build does not have.</remarks>
    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            node.WriteTo(writer, Options);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
