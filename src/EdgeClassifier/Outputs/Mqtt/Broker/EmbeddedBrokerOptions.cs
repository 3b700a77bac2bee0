namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// Configuration section <c>Mqtt:Embedded</c>: the broker the device runs itself when <c>Mqtt:Host</c> is empty.
/// Secure by default: loopback only, and any other address needs users (<c>Users:PasswordFile</c>).
/// </summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>The addresses the broker listens on, at <c>Mqtt:Port</c>. Empty means 127.0.0.1 and ::1.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>PEM certificate (chain) for TLS on the non-loopback addresses; needs <see cref="KeyFile"/>.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Port of the TLS listeners (with <see cref="CertificateFile"/>).</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>Largest MQTT packet accepted; a client sending a bigger one is disconnected before it is read.</summary>
    public int MaxPacketBytes { get; set; } = 1024 * 1024;

    /// <summary>Most clients connected at once; further connections are closed at once.</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Most messages queued for one slow client; the oldest are dropped beyond it.</summary>
    public int MaxPendingPerClient { get; set; } = 1000;
}
