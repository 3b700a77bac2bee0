using System.Text.Json.Nodes;

namespace EdgeClassifier.Fleet;

/// <summary>
/// One device as the broker's retained topics describe it: <c>availability</c>, <c>state</c>, <c>info</c> and
/// <c>stats</c> under <c>&lt;prefix&gt;/&lt;deviceId&gt;/</c>.
/// </summary>
public sealed class FleetDevice(string deviceId)
{
    /// <summary>The device id (the topic level after the prefix).</summary>
    public string DeviceId { get; } = deviceId;

    /// <summary><c>online</c>, <c>offline</c>, <c>stopped</c>, or null when never seen.</summary>
    public string? Availability { get; set; }

    /// <summary>The retained <c>state</c> document.</summary>
    public JsonObject? State { get; set; }

    /// <summary>The retained <c>info</c> document.</summary>
    public JsonObject? Info { get; set; }

    /// <summary>The retained <c>stats</c> document.</summary>
    public JsonObject? Stats { get; set; }

    /// <summary>The decided label, or null.</summary>
    public string? Label => State?["label"]?.GetValue<string>();

    /// <summary>The rolled-out model version in service, or null for the configured model.</summary>
    public string? ModelVersion => Info?["modelVersion"]?.GetValue<string>();

    /// <summary>The model file in service.</summary>
    public string? Model => Info?["model"]?.GetValue<string>();

    /// <summary>Groups the device says it is in.</summary>
    public IReadOnlyList<string> Groups =>
        Info?["groups"] is JsonArray groups ? groups.Select(g => g?.GetValue<string>()).OfType<string>().ToArray() : [];

    /// <summary>The version the current or last rollout stage is about.</summary>
    public string? RolloutVersion => Info?["rollout"]?["version"]?.GetValue<string>();

    /// <summary><c>downloading</c>, <c>validating</c>, <c>active</c> or <c>rejected: …</c>.</summary>
    public string? RolloutStage => Info?["rollout"]?["stage"]?.GetValue<string>();

    /// <summary>Whether the device is connected now.</summary>
    public bool Online => Availability == "online";

    /// <summary>The <c>fleet list --json</c> form.</summary>
    public JsonObject ToJson() => new()
    {
        ["deviceId"] = DeviceId,
        ["availability"] = Availability,
        ["label"] = Label,
        ["model"] = Model,
        ["modelVersion"] = ModelVersion,
        ["groups"] = new JsonArray(Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        ["version"] = Info?["version"]?.GetValue<string>(),
        ["processedFps"] = Stats?["processedFps"]?.DeepClone(),
        ["rollout"] = Info?["rollout"]?.DeepClone(),
    };
}
