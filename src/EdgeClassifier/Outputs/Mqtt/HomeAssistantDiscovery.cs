using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Builds the Home Assistant device-based discovery message (<c>&lt;prefix&gt;/device/&lt;deviceId&gt;/config</c>):
/// device and origin blocks and one component per entity, each wired to the <c>availability</c> topic.
/// </summary>
public static class HomeAssistantDiscovery
{
    /// <summary>The software version announced in <c>dev.sw</c> and <c>o.sw</c>.</summary>
    public static string SoftwareVersion { get; } =
        typeof(HomeAssistantDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HomeAssistantDiscovery).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>
    /// The update entity's state from the <c>info</c> topic, as the JSON Home Assistant's MQTT update platform reads:
    /// installed and latest version, and in progress while a rollout downloads or validates.
    /// </summary>
    public const string UpdateTemplate =
        "{% set installed = value_json.modelVersion or value_json.model %}" +
        "{{ {'installed_version': installed, 'latest_version': value_json.offeredVersion or installed, " +
        "'in_progress': value_json.rollout is defined and value_json.rollout.stage in ['downloading', 'validating']} | tojson }}";

    /// <summary>The discovery payload for the device described by <paramref name="options"/>, with the entities of <paramref name="parts"/>.</summary>
    public static JsonObject Build(MqttOptions options, MqttTopics topics, string? model, IEnumerable<IHomeAssistantComponents>? parts = null)
    {
        string id = options.DeviceId;
        var components = new JsonObject
        {
            [$"{id}_label"] = Component(topics, "sensor", $"{id}_label", "Label", topics.State,
                "{{ value_json.label if value_json.label is not none else 'none' }}",
                extra: new JsonObject { ["icon"] = "mdi:tag-search", ["json_attr_t"] = topics.State }),
            [$"{id}_score"] = Component(topics, "sensor", $"{id}_score", "Score", topics.State,
                "{{ (value_json.score * 100) | round(1) }}",
                extra: new JsonObject { ["unit_of_meas"] = "%", ["stat_cla"] = "measurement" }),
            [$"{id}_fps"] = Diagnostic(topics, $"{id}_fps", "Frame rate", "{{ value_json.processedFps }}", "fps", "measurement"),
            [$"{id}_inference_ms"] = Diagnostic(topics, $"{id}_inference_ms", "Inference time",
                "{{ value_json.stages.inference.p50 }}", "ms", "measurement"),
            [$"{id}_misses"] = Diagnostic(topics, $"{id}_misses", "Deadline misses", "{{ value_json.misses }}", null, "total_increasing"),
            [$"{id}_snapshot"] = WithAvailability(topics, new JsonObject
            {
                ["p"] = "image",
                ["name"] = "Snapshot",
                ["unique_id"] = $"{id}_snapshot",
                ["image_topic"] = topics.Snapshot,
                ["content_type"] = "image/jpeg",
            }),
            [$"{id}_model"] = WithAvailability(topics, new JsonObject
            {
                // installed = the rolled-out version (or the configured model's file), latest = the last offer;
                // the install button sends the device's install command, which installs that offer.
                ["p"] = "update",
                ["name"] = "Model",
                ["unique_id"] = $"{id}_model",
                ["ent_cat"] = "config",
                ["stat_t"] = topics.Info,
                ["val_tpl"] = UpdateTemplate,
                ["cmd_t"] = $"{topics.Base}/command/install",
                ["pl_inst"] = "{}",
            }),
        };

        foreach (string label in options.WatchedLabels.Distinct(StringComparer.Ordinal))
        {
            // "cat!" and "cat?" both slug to "cat_": number the later ones so each keeps its own entity.
            string slug = $"{id}_watch_{Slug(label)}";
            string key = slug;
            for (int n = 2; components.ContainsKey(key); n++)
            {
                key = $"{slug}_{n}";
            }

            components[key] = Component(topics, "binary_sensor", key, label, topics.State,
                $"{{{{ 'ON' if value_json.label == {JsonValue.Create(label).ToJsonString()} else 'OFF' }}}}",
                extra: new JsonObject { ["pl_on"] = "ON", ["pl_off"] = "OFF", ["dev_cla"] = "occupancy" });
        }

        foreach (var (key, component) in (parts ?? []).SelectMany(part => part.Components(options, topics)))
        {
            components[key] = WithAvailability(topics, component);
        }

        var origin = new JsonObject { ["name"] = "EdgeClassifier", ["sw"] = SoftwareVersion };
        if (options.SupportUrl.Length > 0)
        {
            origin["url"] = options.SupportUrl;
        }

        var device = new JsonObject
        {
            ["ids"] = new JsonArray($"edgeclassifier_{id}"),
            ["name"] = $"EdgeClassifier {id}",
            ["mf"] = "EdgeClassifier",
            ["mdl"] = model is null ? "EdgeClassifier" : $"EdgeClassifier ({model})",
            ["sw"] = SoftwareVersion,
        };
        if (options.ConfigurationUrl.Length > 0)
        {
            device["cu"] = options.ConfigurationUrl;
        }

        return new JsonObject
        {
            ["dev"] = device,
            ["o"] = origin,
            ["cmps"] = components,
            ["qos"] = options.Qos,
        };
    }

    private static JsonObject Diagnostic(MqttTopics topics, string uniqueId, string name, string template, string? unit, string stateClass)
    {
        var extra = new JsonObject { ["ent_cat"] = "diagnostic", ["stat_cla"] = stateClass };
        if (unit is not null)
        {
            extra["unit_of_meas"] = unit;
        }

        return Component(topics, "sensor", uniqueId, name, topics.Stats, template, extra);
    }

    private static JsonObject Component(MqttTopics topics, string platform, string uniqueId, string name, string stateTopic,
        string valueTemplate, JsonObject extra)
    {
        var component = new JsonObject
        {
            ["p"] = platform,
            ["name"] = name,
            ["unique_id"] = uniqueId,
            ["stat_t"] = stateTopic,
            ["val_tpl"] = valueTemplate,
        };
        foreach (var (key, value) in extra)
        {
            component[key] = value?.DeepClone();
        }

        return WithAvailability(topics, component);
    }

    private static JsonObject WithAvailability(MqttTopics topics, JsonObject component)
    {
        component["avty_t"] = topics.Availability;
        // "stopped" (clean shutdown) must also read as unavailable, so map everything but "online" to "offline".
        component["avty_tpl"] = "{{ 'online' if value == 'online' else 'offline' }}";
        component["pl_avail"] = MqttTopics.Online;
        component["pl_not_avail"] = MqttTopics.Offline;
        return component;
    }

    // Object ids follow the device id rule (see DeviceIds): ASCII letters, digits and '_' only.
    private static string Slug(string label) =>
        new(label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
