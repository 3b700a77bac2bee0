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
    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
