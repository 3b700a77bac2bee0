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
            options.DeviceId = DefaultDeviceId;
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

    /// <summary>The host name made a valid device id (<c>cam.lan</c> becomes <c>cam_lan</c>).</summary>
    public static string DefaultDeviceId => DeviceIds.Sanitize(HostName, "edgeclassifier");

    /// <summary>
    /// The full host name (gethostname, no lookup); <see cref="Environment.MachineName"/> would cut <c>cam.lan</c>
    /// to <c>cam</c>, and two cameras <c>cam.lan</c> and <c>cam.lab</c> would share an id.
    /// </summary>
    public static string HostName => System.Net.Dns.GetHostName();
}
