using System.Net;
using EdgeClassifier.Security;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>Where the embedded broker listens and where the device's own client finds it.</summary>
public static class EmbeddedBrokerEndpoints
{
    /// <summary>The addresses listened on when <see cref="EmbeddedBrokerOptions.Listen"/> is empty.</summary>
    public static readonly IReadOnlyList<IPAddress> LoopbackOnly = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    /// <summary>The port of the plain listeners: <c>Mqtt:Port</c>, else 1883.</summary>
    public static int PlainPort(MqttOptions options) => options.Port != 0 ? options.Port : 1883;

    /// <summary>The configured addresses (parsed; invalid ones are the validator's business and skipped here).</summary>
    public static IReadOnlyList<IPAddress> Addresses(EmbeddedBrokerOptions options) =>
        options.Listen.Count == 0
            ? LoopbackOnly
            : options.Listen.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList();

    /// <summary>
    /// One listener per address: plain at <see cref="PlainPort"/>, except that with a certificate the addresses other
    /// hosts can reach get TLS at <see cref="EmbeddedBrokerOptions.TlsPort"/> instead, so passwords never cross the
    /// network in clear text.
    /// </summary>
    public static IReadOnlyList<ListenEndpoint> For(MqttOptions options)
    {
        bool tls = options.Embedded.CertificateFile.Length > 0;
        return Addresses(options.Embedded)
            .Select(address => tls && !NetworkAddresses.IsLoopback(address)
                ? new ListenEndpoint(new IPEndPoint(address, options.Embedded.TlsPort), Tls: true)
                : new ListenEndpoint(new IPEndPoint(address, PlainPort(options)), Tls: false))
            .ToList();
    }

    /// <summary>
    /// The address the device's own client connects to: a plain listener, loopback preferred; a wildcard address
    /// (0.0.0.0, ::) is reached through its loopback. <c>null</c> when every listener is TLS.
    /// </summary>
    public static string? DeviceHost(MqttOptions options)
    {
        var plain = For(options).Where(e => !e.Tls).Select(e => e.EndPoint.Address).ToList();
        var chosen = plain.FirstOrDefault(NetworkAddresses.IsLoopback) ?? plain.FirstOrDefault();
        return chosen switch
        {
            null => null,
            _ when chosen.Equals(IPAddress.Any) => IPAddress.Loopback.ToString(),
            _ when chosen.Equals(IPAddress.IPv6Any) => IPAddress.IPv6Loopback.ToString(),
            _ => chosen.ToString(),
        };
    }
}
