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
            options.DeviceId = DefaultDeviceId;
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

    /// <summary>The host name made a valid device id (<c>cam.lan</c> becomes <c>cam_lan</c>).</summary>
    public static string DefaultDeviceId => DeviceIds.Sanitize(HostName, "edgeclassifier");

    /// <summary>
    /// The full host name (gethostname, no lookup); <see cref="Environment.MachineName"/> would cut <c>cam.lan</c>
    /// to <c>cam</c>, and two cameras <c>cam.lan</c> and <c>cam.lab</c> would share an id.
    /// </summary>
    public static string HostName => System.Net.Dns.GetHostName();
}
