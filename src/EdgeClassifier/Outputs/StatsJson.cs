using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs;

/// <summary>
/// The one JSON shape of the stats document (<see cref="PipelineStatsSnapshot"/>, plus the <see cref="MqttStats"/>
/// block when MQTT runs and the <see cref="CollectStats"/> block when collection is on), shared by <c>--stats-out</c>, MQTT <c>stats</c> and the web's <c>/api/stats</c>: one set of
/// options over source-generated metadata — camelCase names, enums as camelCase strings (<c>"health":"ok"</c>), and
/// no HTML escaping (the document is never embedded in a page; <c>\u0027</c> only hurts people reading it).
/// </summary>
public static class StatsJson
{
    /// <summary>The options every stats document is written with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter<HealthState>(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = StatsJsonContext.Default,
    };

    /// <summary>
    /// The document: the snapshot's fields (none without a pipeline, as in tests of an output alone), then
    /// <c>mqtt</c> when <paramref name="mqtt"/> is given, then <c>collect</c> when <paramref name="collect"/> is.
    /// </summary>
    public static JsonObject ToJson(PipelineStatsSnapshot? pipeline, MqttStats? mqtt = null, CollectStats? collect = null)
    {
        JsonObject document = pipeline is null
            ? []
            : JsonSerializer.SerializeToNode(pipeline, TypeInfo<PipelineStatsSnapshot>())!.AsObject();
        if (mqtt is not null)
        {
            document["mqtt"] = JsonSerializer.SerializeToNode(mqtt, TypeInfo<MqttStats>());
        }

        if (collect is not null)
        {
            document["collect"] = JsonSerializer.SerializeToNode(collect, TypeInfo<CollectStats>());
        }

        return document;
    }

    /// <summary>The document as UTF-8 JSON, indented for a person when <paramref name="indented"/>.</summary>
    public static byte[] SerializeToUtf8Bytes(PipelineStatsSnapshot? pipeline, MqttStats? mqtt = null, bool indented = false, CollectStats? collect = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Options.Encoder }))
        {
            ToJson(pipeline, mqtt, collect).WriteTo(writer, Options);
        }

        return buffer.ToArray();
    }

    /// <summary>The document as a JSON string.</summary>
    public static string Serialize(PipelineStatsSnapshot pipeline, MqttStats? mqtt = null, bool indented = false, CollectStats? collect = null) =>
        System.Text.Encoding.UTF8.GetString(SerializeToUtf8Bytes(pipeline, mqtt, indented, collect));

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

/// <summary>Source-generated metadata for the stats document (no reflection at run time).</summary>
[JsonSerializable(typeof(PipelineStatsSnapshot))]
[JsonSerializable(typeof(MqttStats))]
[JsonSerializable(typeof(CollectStats))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;
