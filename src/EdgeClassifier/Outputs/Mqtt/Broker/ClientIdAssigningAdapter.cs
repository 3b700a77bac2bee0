using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// Gives an MQTT 3.1.1 client that connects without a client id (mosquitto_sub's default) one of its own, as the
/// protocol allows for clean sessions. MQTTnet assigns ids only to MQTT 5 clients and refuses the others with
/// "identifier rejected"; MQTT 5 clients keep going through <see cref="BrokerGate"/>, which reports the id to them.
/// </summary>
internal sealed class ClientIdAssigningAdapter(IMqttChannelAdapter inner) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId)
            && PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500)
        {
            connect.ClientId = BrokerGate.NewClientId();
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();
}
