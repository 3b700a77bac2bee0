using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeClassifier.Pipeline;

/// <summary>The one JSON shape of a stats snapshot, shared by the log, <c>--stats-out</c> and MQTT.</summary>
public static class StatsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(PipelineStatsSnapshot snapshot, bool indented = false) =>
        JsonSerializer.Serialize(snapshot, indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options);
}
