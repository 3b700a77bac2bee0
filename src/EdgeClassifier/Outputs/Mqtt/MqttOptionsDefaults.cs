using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Fills the settings whose default depends on the machine: device id (host name), client id, the state directory
/// (systemd's <c>$STATE_DIRECTORY</c>, else <c>./state</c>) and the outbox and snapshot paths under it.
/// </summary>
public sealed class MqttOptionsDefaults : IPostConfigureOptions<MqttOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, MqttOptions options) => Apply(options);

    /// <summary>Replaces empty machine-dependent settings with their defaults.</summary>
    public static void Apply(MqttOptions options)
    {
        if (options.DeviceId.Length == 0)
        {
            options.DeviceId = TopicSafe(Environment.MachineName);
        }

        if (options.ClientId.Length == 0)
        {
            options.ClientId = $"edgeclassifier-{options.DeviceId}";
        }

        if (options.StateDirectory.Length == 0)
        {
            // systemd may pass several directories separated by ':'; the first is ours.
            var systemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0];
            options.StateDirectory = string.IsNullOrEmpty(systemd) ? Path.GetFullPath("state") : systemd;
        }

        if (options.OutboxPath.Length == 0)
        {
            options.OutboxPath = Path.Combine(options.StateDirectory, "mqtt-outbox.db");
        }

        if (options.Snapshot.Directory.Length == 0)
        {
            options.Snapshot.Directory = Path.Combine(options.StateDirectory, "snapshots");
        }
    }

    private static string TopicSafe(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
