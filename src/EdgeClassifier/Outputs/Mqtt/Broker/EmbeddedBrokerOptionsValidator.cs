using System.Net;
using EdgeClassifier.Security;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// Checks <c>Mqtt:Embedded</c> when the embedded broker will run (<c>Mqtt:Host</c> empty), and refuses an address
/// other hosts can reach while no users are configured: nothing on the network without a login.
/// </summary>
public sealed class EmbeddedBrokerOptionsValidator(IOptions<UsersOptions> users) : IValidateOptions<MqttOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        if (!options.Enabled || options.Host.Length > 0)
        {
            return ValidateOptionsResult.Success;
        }

        var exposed = EmbeddedBrokerEndpoints.Addresses(options.Embedded).Where(a => !NetworkAddresses.IsLoopback(a)).ToList();
        if (exposed.Count == 0 || HasUsers())
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Mqtt:Embedded:Listen includes {string.Join(", ", exposed)}, which other machines can reach, but no users are " +
            "configured. Add one with 'edgeclassifier passwd /etc/edgeclassifier/users NAME' and set " +
            "Users:PasswordFile=/etc/edgeclassifier/users (operators in Users:Operators), or listen on 127.0.0.1 and ::1 only.");
    }

    private bool HasUsers()
    {
        try
        {
            return UserStore.Load(users.Value).HasUsers;
        }
        catch (InvalidDataException)
        {
            // The Users section's own validator reports the broken file; do not add a second, misleading error.
            return true;
        }
    }

    /// <summary>Every problem with <c>Mqtt:Embedded</c> that needs no other section, one message each.</summary>
    public static IEnumerable<string> Check(MqttOptions options)
    {
        var embedded = options.Embedded;
        foreach (string address in embedded.Listen.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return $"Mqtt:Embedded:Listen: '{address}' is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0, :: or a LAN address).";
        }

        if (embedded.CertificateFile.Length > 0 != embedded.KeyFile.Length > 0)
        {
            yield return "Mqtt:Embedded:CertificateFile and Mqtt:Embedded:KeyFile must be set together.";
        }

        foreach (var (key, path) in new[] { ("Mqtt:Embedded:CertificateFile", embedded.CertificateFile), ("Mqtt:Embedded:KeyFile", embedded.KeyFile) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                yield return $"{key}: file '{path}' does not exist.";
            }
        }

        if (embedded.CertificateFile.Length > 0 && embedded.KeyFile.Length > 0
            && Security.PemCertificateFiles.Problem("Mqtt:Embedded:CertificateFile", embedded.CertificateFile, "Mqtt:Embedded:KeyFile", embedded.KeyFile) is { } certificate)
        {
            yield return certificate;
        }

        if (embedded.TlsPort is < 1 or > 65535 || embedded.TlsPort == EmbeddedBrokerEndpoints.PlainPort(options))
        {
            yield return $"Mqtt:Embedded:TlsPort must be 1..65535 and differ from Mqtt:Port, got {embedded.TlsPort}.";
        }

        if (embedded.CertificateFile.Length > 0 && EmbeddedBrokerEndpoints.DeviceHost(options) is null)
        {
            yield return "Mqtt:Embedded:Listen must include a loopback address (127.0.0.1 or ::1) when " +
                         "Mqtt:Embedded:CertificateFile is set: the device connects to its own broker there.";
        }

        if (embedded.MaxPacketBytes is < 1024 or > 268_435_455)
        {
            yield return $"Mqtt:Embedded:MaxPacketBytes must be 1024..268435455, got {embedded.MaxPacketBytes}.";
        }

        if (embedded.MaxConnections is < 2 or > 10_000)
        {
            yield return $"Mqtt:Embedded:MaxConnections must be 2..10000 (the device itself is one), got {embedded.MaxConnections}.";
        }

        if (embedded.MaxPendingPerClient < 1)
        {
            yield return $"Mqtt:Embedded:MaxPendingPerClient must be at least 1, got {embedded.MaxPendingPerClient}.";
        }
    }
}
