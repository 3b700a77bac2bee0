using EdgeClassifier.State;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Fills the settings whose default depends on the machine: device id (host name), client id, and the outbox and
/// snapshot paths under the service's state directory (<see cref="StateOptions"/>).
/// </summary>
public sealed class MqttOptionsDefaults(IOptions<StateOptions> state) : IPostConfigureOptions<MqttOptions>
{
    /// <summary>Replaces empty machine-dependent settings with their defaults.</summary>
    public void PostConfigure(string? name, MqttOptions options)
    {
        if (options.DeviceId.Length == 0)
        {
            options.DeviceId = TopicSafe(Environment.MachineName);
        }

        if (options.ClientId.Length == 0)
        {
            options.ClientId = $"edgeclassifier-{options.DeviceId}";
        }

        if (options.OutboxPath.Length == 0)
        {
            options.OutboxPath = state.Value.PathFor("mqtt-outbox.db");
        }

        if (options.Snapshot.Directory.Length == 0)
        {
            options.Snapshot.Directory = state.Value.PathFor("snapshots");
        }
    }

    private static string TopicSafe(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
