using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// The barcode reader's Home Assistant entities, both fed by the scans on <c>…/barcode</c>: an <c>event</c> entity
/// (event type <c>scanned</c>, the code as its attributes) for automations, and a sensor holding the last code.
/// </summary>
public sealed class BarcodeDiscovery : IHomeAssistantComponents
{
    /// <summary>The event entity's payload: event type plus the scan's fields as attributes.</summary>
    public const string EventTemplate =
        "{% set c = value_json.classification %}" +
        "{{ {'event_type': 'scanned', 'text': value_json.text, 'format': value_json.format, " +
        "'sequence': value_json.sequence, 'label': c.label if c else none} | tojson }}";

    /// <summary>The sensor's state: the code's text, cut to the 255 characters a Home Assistant state may hold.</summary>
    public const string LastCodeTemplate = "{{ value_json.text[:255] }}";

    /// <summary>The sensor's attributes.</summary>
    public const string LastCodeAttributesTemplate =
        "{{ {'format': value_json.format, 'timestamp': value_json.timestamp, 'sequence': value_json.sequence} | tojson }}";

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, JsonObject>> Components(MqttOptions options, MqttTopics topics)
    {
        string id = options.DeviceId;
        string topic = $"{topics.Base}/{MqttBarcodeSink.Subtopic}";
        yield return new($"{id}_barcode", new JsonObject
        {
            ["p"] = "event",
            ["name"] = "Barcode",
            ["unique_id"] = $"{id}_barcode",
            ["stat_t"] = topic,
            ["event_types"] = new JsonArray("scanned"),
            ["val_tpl"] = EventTemplate,
            ["icon"] = "mdi:barcode-scan",
        });
        yield return new($"{id}_barcode_last", new JsonObject
        {
            ["p"] = "sensor",
            ["name"] = "Last barcode",
            ["unique_id"] = $"{id}_barcode_last",
            ["stat_t"] = topic,
            ["val_tpl"] = LastCodeTemplate,
            ["json_attr_t"] = topic,
            ["json_attr_tpl"] = LastCodeAttributesTemplate,
            ["icon"] = "mdi:barcode",
        });
    }
}
