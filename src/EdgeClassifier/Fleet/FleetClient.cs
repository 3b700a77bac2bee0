using System.Buffers;
using System.Threading.Channels;
using EdgeClassifier.Outputs.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeClassifier.Fleet;

/// <summary>One message a fleet tool received.</summary>
public sealed record FleetMessage(string Topic, byte[] Payload, bool Retain, byte[]? CorrelationData);

/// <summary>
/// The fleet tools' MQTT connection: the broker, credentials and TLS of the device configuration, its own random
/// client id and no last will. Received messages queue in <see cref="Messages"/>.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<FleetMessage> _messages = Channel.CreateUnbounded<FleetMessage>();

    private FleetClient(MqttOptions options)
    {
        Options = options;
        Topics = new MqttTopics(options);
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var message = args.ApplicationMessage;
            _messages.Writer.TryWrite(new FleetMessage(message.Topic, message.Payload.ToArray(), message.Retain, message.CorrelationData));
            return Task.CompletedTask;
        };
    }

    /// <summary>The MQTT section the tool was configured with.</summary>
    public MqttOptions Options { get; }

    /// <summary>Topic names (the prefix is what matters to a tool).</summary>
    public MqttTopics Topics { get; }

    /// <summary>Everything received, in arrival order.</summary>
    public ChannelReader<FleetMessage> Messages => _messages.Reader;

    /// <summary>Connects, or throws <see cref="InvalidOperationException"/> saying why not.</summary>
    public static async Task<FleetClient> ConnectAsync(MqttOptions options, CancellationToken cancellationToken)
    {
        var client = new FleetClient(options);
        string host = options.Host.Length > 0 ? options.Host : "127.0.0.1";
        var tls = MqttClientOptionsFactory.UsesTls(options) ? new BrokerCertificateValidator(options.CaFile, options.TlsInsecure) : null;
        string clientId = $"edgeclassifier-fleet-{Guid.NewGuid().ToString("N")[..10]}";
        try
        {
            var result = await client._client.ConnectAsync(MqttClientOptionsFactory.BuildForTool(options, host, clientId, tls), cancellationToken)
                .ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException(ConnectFailureDescription.Describe(result.ResultCode, result.ReasonString, options));
            }
        }
        catch (Exception ex) when (ex is not InvalidOperationException and not OperationCanceledException)
        {
            client._client.Dispose();
            throw new InvalidOperationException(ConnectFailureDescription.Describe(ex, tls?.LastFailure, null, options), ex);
        }

        return client;
    }

    /// <summary>Subscribes at QoS 1.</summary>
    public async Task SubscribeAsync(IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in filters)
        {
            builder.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a command (QoS 1, never retained) with <paramref name="correlation"/> as its correlation data.</summary>
    public async Task SendCommandAsync(string topic, byte[] payload, byte[] correlation, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .WithCorrelationData(correlation)
            .Build();
        await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
    }
}
