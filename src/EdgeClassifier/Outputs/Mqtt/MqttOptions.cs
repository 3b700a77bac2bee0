using EdgeClassifier.Outputs.Mqtt.Broker;
using EdgeClassifier.Outputs.Snapshots;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Configuration section <c>Mqtt</c>: where to connect, how to authenticate, which topics to use and how much to keep
/// while the broker is away. Checked at start by <see cref="MqttOptionsValidator"/>.
/// </summary>
public sealed class MqttOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mqtt";

    /// <summary>Turns the whole MQTT output on or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Broker host name or address; empty starts an embedded broker (see <see cref="Embedded"/>).</summary>
    public string Host { get; set; } = "";

    /// <summary>Broker port (for the embedded broker, the port it listens on). 0 picks 1883, or 8883 with TLS.</summary>
    public int Port { get; set; }

    /// <summary>The device's name in topics and in Home Assistant; defaults to the host name.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>First topic level; topics are <c>&lt;TopicPrefix&gt;/&lt;DeviceId&gt;/...</c>.</summary>
    public string TopicPrefix { get; set; } = "edgeclassifier";

    /// <summary>
    /// Groups this device belongs to (e.g. <c>site-north</c>, <c>canary</c>): it also obeys commands sent to
    /// <c>&lt;TopicPrefix&gt;/_group/&lt;group&gt;/command/&lt;name&gt;</c>.
    /// </summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>
    /// Longest random delay before discovery is re-sent after Home Assistant's birth message or a reconnect, so a
    /// fleet does not answer in the same second.
    /// </summary>
    public double DiscoveryJitterSeconds { get; set; } = 10;

    /// <summary>MQTT client id; defaults to <c>edgeclassifier-&lt;DeviceId&gt;</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>User name; empty connects anonymously.</summary>
    public string Username { get; set; } = "";

    /// <summary>
    /// File holding the password (first line). Empty falls back to <c>$CREDENTIALS_DIRECTORY/mqtt-password</c>
    /// (systemd <c>LoadCredential=</c>) when that file exists.
    /// </summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>PEM file of the CA that signed the broker's certificate; setting it turns TLS on.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>PEM client certificate for mutual TLS; needs <see cref="ClientKeyFile"/>.</summary>
    public string ClientCertFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="ClientCertFile"/>.</summary>
    public string ClientKeyFile { get; set; } = "";

    /// <summary>Accept any broker certificate. For testing only: it defeats the point of TLS.</summary>
    public bool TlsInsecure { get; set; }

    /// <summary>Turns TLS on without a CA file (the system trust store then validates the broker).</summary>
    public bool Tls { get; set; }

    /// <summary>QoS of events and command replies: 1 (at least once) or 2 (exactly once).</summary>
    public int Qos { get; set; } = 1;

    /// <summary>Seconds between two <c>stats</c> messages.</summary>
    public int StatsIntervalSeconds { get; set; } = 60;

    /// <summary>Publish Home Assistant discovery.</summary>
    public bool Discovery { get; set; } = true;

    /// <summary>Home Assistant discovery prefix.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Support or project URL announced to Home Assistant as the discovery origin's <c>url</c>; empty omits it.</summary>
    public string SupportUrl { get; set; } = "";

    /// <summary>
    /// The device's own web page, announced to Home Assistant as the device's <c>configuration_url</c> ("Visit");
    /// empty omits it. When the web view listens beyond loopback, it fills this in with its page's address.
    /// </summary>
    public string ConfigurationUrl { get; set; } = "";

    /// <summary>The broker the device runs itself when <see cref="Host"/> is empty (section <c>Mqtt:Embedded</c>).</summary>
    public EmbeddedBrokerOptions Embedded { get; set; } = new();

    /// <summary>Most times per minute each command (by name) runs; more get a "rate limited" error reply.</summary>
    public int CommandsPerMinute { get; set; } = 30;

    /// <summary>
    /// Topic prefix under which MQTT 5 response topics are honoured, besides the device's own
    /// <c>command/+/result</c>; empty allows no other place.
    /// </summary>
    public string ResponseTopicPrefix { get; set; } = "";

    /// <summary>SQLite file of the outbox; empty puts <c>mqtt-outbox.db</c> in <c>State:Directory</c>.</summary>
    public string OutboxPath { get; set; } = "";

    /// <summary>Most messages the outbox keeps; the oldest are dropped (and counted) beyond it.</summary>
    public int OutboxMaxMessages { get; set; } = 10_000;

    /// <summary>Hours a message may wait in the outbox; also sent as its MQTT 5 message expiry.</summary>
    public int OutboxMaxAgeHours { get; set; } = 24;

    /// <summary>Labels that get a Home Assistant binary_sensor and a snapshot on every event.</summary>
    public List<string> WatchedLabels { get; set; } = [];

    /// <summary>Publish every classified frame on <c>classification</c> (QoS 0).</summary>
    public bool ClassificationStream { get; set; }

    /// <summary>Most <c>classification</c> messages per second; frames above the rate are skipped.</summary>
    public double ClassificationMaxPerSecond { get; set; } = 2;

    /// <summary>Seconds between reconnect attempts at first; doubles up to <see cref="ReconnectMaxSeconds"/>.</summary>
    public double ReconnectMinSeconds { get; set; } = 1;

    /// <summary>Longest wait between reconnect attempts.</summary>
    public double ReconnectMaxSeconds { get; set; } = 60;

    /// <summary>Snapshot (camera trap) settings.</summary>
    public SnapshotOptions Snapshot { get; set; } = new();
}
