namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>The topic names of one device, all under <c>&lt;TopicPrefix&gt;/&lt;DeviceId&gt;</c>.</summary>
public sealed class MqttTopics
{
    /// <summary>Payload of <see cref="Availability"/> while connected.</summary>
    public const string Online = "online";

    /// <summary>Last will payload of <see cref="Availability"/>: the service died or lost the connection.</summary>
    public const string Offline = "offline";

    /// <summary>Payload of <see cref="Availability"/> after a clean stop.</summary>
    public const string Stopped = "stopped";

    /// <summary>The topic level that addresses every device under the prefix (device ids never start with '_').</summary>
    public const string AllDevices = "_all";

    /// <summary>The topic level followed by a group name that addresses the devices in that group.</summary>
    public const string GroupLevel = "_group";

    private readonly string[] _commandBases;

    /// <summary>Builds the topics from the prefix and device id.</summary>
    public MqttTopics(MqttOptions options)
    {
        Base = $"{options.TopicPrefix}/{options.DeviceId}";
        // Commands to the whole fleet and to each group this device is in; replies still go to its own topics.
        _commandBases = [$"{Base}/command/", $"{options.TopicPrefix}/{AllDevices}/command/",
            .. options.Groups.Select(group => $"{options.TopicPrefix}/{GroupLevel}/{group}/command/")];
        DiscoveryConfig = $"{options.DiscoveryPrefix}/device/{options.DeviceId}/config";
        HomeAssistantStatus = $"{options.DiscoveryPrefix}/status";
    }

    /// <summary><c>&lt;prefix&gt;/&lt;deviceId&gt;</c>.</summary>
    public string Base { get; }

    /// <summary>Retained <c>online</c>/<c>offline</c>/<c>stopped</c>.</summary>
    public string Availability => $"{Base}/availability";

    /// <summary>Retained JSON of the current decision.</summary>
    public string State => $"{Base}/state";

    /// <summary>JSON on every decision change, QoS 1, through the outbox.</summary>
    public string Events => $"{Base}/events";

    /// <summary>Optional per-frame stream, QoS 0.</summary>
    public string Classification => $"{Base}/classification";

    /// <summary>Periodic pipeline statistics.</summary>
    public string Stats => $"{Base}/stats";

    /// <summary>Retained JPEG of the latest snapshot.</summary>
    public string Snapshot => $"{Base}/snapshot";

    /// <summary>Retained JSON describing the device for fleet tools: software and model versions, groups, rollout stage.</summary>
    public string Info => $"{Base}/info";

    /// <summary>Subscription filters for all commands: the device's own, the whole fleet's and its groups'.</summary>
    public IEnumerable<string> CommandFilters => _commandBases.Select(commandBase => commandBase + "+");

    /// <summary>Home Assistant device discovery topic.</summary>
    public string DiscoveryConfig { get; }

    /// <summary>Home Assistant's birth/last-will topic.</summary>
    public string HomeAssistantStatus { get; }

    /// <summary>The command name when <paramref name="topic"/> is a command topic, else <c>null</c>.</summary>
    public string? CommandName(string topic)
    {
        foreach (string prefix in _commandBases)
        {
            if (topic.StartsWith(prefix, StringComparison.Ordinal) && topic.Length > prefix.Length && topic.IndexOf('/', prefix.Length) < 0)
            {
                return topic[prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>Where the reply to command <paramref name="name"/> goes.</summary>
    public string CommandResult(string name) => $"{Base}/command/{name}/result";
}
