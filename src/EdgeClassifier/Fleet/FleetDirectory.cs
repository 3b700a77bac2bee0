using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Fleet;

/// <summary>
/// Keeps <see cref="FleetDevice"/>s up to date from the retained (and live) <c>availability</c>, <c>state</c>,
/// <c>info</c> and <c>stats</c> topics of every device under the prefix.
/// </summary>
public sealed class FleetDirectory(string topicPrefix)
{
    private static readonly string[] Kinds = ["availability", "state", "info", "stats"];
    private readonly Dictionary<string, FleetDevice> _devices = new(StringComparer.Ordinal);

    /// <summary>The subscriptions that feed <see cref="Apply"/>.</summary>
    public IEnumerable<string> Filters => Kinds.Select(kind => $"{topicPrefix}/+/{kind}");

    /// <summary>Every device seen, by id.</summary>
    public IReadOnlyCollection<FleetDevice> Devices => _devices.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal).ToArray();

    /// <summary>The device with this id, or null.</summary>
    public FleetDevice? Find(string deviceId) => _devices.GetValueOrDefault(deviceId);

    /// <summary>Folds one message in; returns the device it was about, or null when it is not a device topic.</summary>
    public FleetDevice? Apply(FleetMessage message)
    {
        string[] levels = message.Topic.Split('/');
        if (levels.Length < 3 || string.Join('/', levels[..^2]) != topicPrefix || levels[^2].StartsWith('_') || !Kinds.Contains(levels[^1]))
        {
            return null;
        }

        FleetDevice device = _devices.TryGetValue(levels[^2], out FleetDevice? known) ? known : _devices[levels[^2]] = new FleetDevice(levels[^2]);
        switch (levels[^1])
        {
            case "availability":
                device.Availability = System.Text.Encoding.UTF8.GetString(message.Payload);
                break;
            case "state":
                device.State = ParseObject(message.Payload);
                break;
            case "info":
                device.Info = ParseObject(message.Payload);
                break;
            default:
                device.Stats = ParseObject(message.Payload);
                break;
        }

        return device;
    }

    /// <summary>The payload as a JSON object, or null when it is empty or not one.</summary>
    internal static JsonObject? ParseObject(byte[] payload)
    {
        try
        {
            return payload.Length == 0 ? null : JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
