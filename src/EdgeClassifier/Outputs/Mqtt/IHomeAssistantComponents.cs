using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Entities another part of the service (e.g. the barcode reader) adds to the device's Home Assistant discovery
/// message. The discovery wires each to the availability topic, like the built-in ones.
/// </summary>
public interface IHomeAssistantComponents
{
    /// <summary>The components, keyed by object id (<c>&lt;deviceId&gt;_…</c>), each with at least <c>p</c>, <c>name</c> and <c>unique_id</c>.</summary>
    IEnumerable<KeyValuePair<string, JsonObject>> Components(MqttOptions options, MqttTopics topics);
}
