using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>One message the probe received.</summary>
public sealed record ReceivedMessage(
    string Topic, byte[] Payload, bool Retain, string? ResponseTopic, byte[]? CorrelationData, uint MessageExpiryInterval)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// The test's MQTTnet subscriber: records every message and waits for the ones a test expects. With a persistent
/// session it reconnects by itself after a broker restart, so QoS 1 messages queued meanwhile still arrive.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly MqttClientOptions _options;
    private readonly string[] _filters;
    private readonly MqttQualityOfServiceLevel _qos;
    private Task? _reconnectLoop;

    private MqttProbe(MqttClientOptions options, string[] filters, MqttQualityOfServiceLevel qos)
    {
        _options = options;
        _filters = filters;
        _qos = qos;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var message = args.ApplicationMessage;
            var received = new ReceivedMessage(message.Topic, message.Payload.ToArray(), message.Retain,
                message.ResponseTopic, message.CorrelationData, message.MessageExpiryInterval);
            OnReceived?.Invoke(received);
            _messages.Enqueue(received);
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    /// <summary>Runs on the receive path for every message, before the test sees it.</summary>
    public Action<ReceivedMessage>? OnReceived { get; set; }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _messages.ToArray();

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and subscribes (QoS 1) to <paramref name="filters"/>.</summary>
    public static async Task<MqttProbe> ConnectAsync(int port, params string[] filters) =>
        await ConnectAsync(port, null, filters);

    /// <summary>Like <see cref="ConnectAsync(int, string[])"/> but with a persistent session that reconnects by itself.</summary>
    public static Task<MqttProbe> ConnectPersistentAsync(int port, string sessionId, params string[] filters) =>
        ConnectAsync(port, sessionId, filters);

    private static async Task<MqttProbe> ConnectAsync(int port, string? persistentSessionId, string[] filters)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(persistentSessionId ?? "probe-" + Guid.NewGuid().ToString("N")[..8])
            .WithTimeout(TimeSpan.FromSeconds(3));
        if (persistentSessionId is not null)
        {
            builder.WithCleanStart(false).WithSessionExpiryInterval(600);
        }

        // The persistent probe subscribes with QoS 2 so a broker restart cannot hand it a message twice.
        var probe = new MqttProbe(builder.Build(), filters,
            persistentSessionId is null ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.ExactlyOnce);
        await probe.ConnectOnceAsync();
        if (persistentSessionId is not null)
        {
            probe._reconnectLoop = probe.KeepConnectedAsync();
        }

        return probe;
    }

    /// <summary>
    /// Waits for a message on <paramref name="topic"/> matching <paramref name="match"/>. It returns as soon as one
    /// arrives; the bound is generous because a machine busy with parallel tests can delay a reply by seconds.
    /// </summary>
    public async Task<ReceivedMessage> WaitForAsync(string topic, Func<ReceivedMessage, bool>? match = null, double seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var found = _messages.FirstOrDefault(m => m.Topic == topic && (match is null || match(m)));
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                string seen = string.Join("\n", _messages.Select(m => $"{m.Topic}: {(m.Payload.Length > 200 ? m.Payload.Length + " bytes" : m.Text)}"));
                throw new TimeoutException($"No matching message on '{topic}' within {seconds} s. Seen:\n{seen}");
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Waits until <paramref name="count"/> messages on <paramref name="topic"/> arrived; returns them in order.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForCountAsync(string topic, int count, double seconds = 10)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var matching = _messages.Where(m => m.Topic == topic).ToList();
            if (matching.Count >= count || DateTime.UtcNow > deadline)
            {
                return matching;
            }

            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Publishes raw bytes (a payload that is not valid UTF-8 text, for instance), QoS 1.</summary>
    public Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>Publishes a message (optionally with an MQTT 5 response topic and correlation data).</summary>
    public Task PublishAsync(string topic, string payload, bool retain = false, string? responseTopic = null, byte[]? correlation = null)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (responseTopic is not null)
        {
            builder.WithResponseTopic(responseTopic).WithCorrelationData(correlation ?? []);
        }
        else if (correlation is not null)
        {
            builder.WithCorrelationData(correlation);
        }

        return _client.PublishAsync(builder.Build());
    }

    /// <summary>Forgets what was received so far.</summary>
    public void Clear() => _messages.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_reconnectLoop is not null)
        {
            await _reconnectLoop;
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task ConnectOnceAsync()
    {
        var result = await _client.ConnectAsync(_options);
        if (!result.IsSessionPresent || _reconnectLoop is null)
        {
            foreach (var filter in _filters)
            {
                await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(filter, _qos).Build());
            }
        }
    }

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectOnceAsync();
                }

                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                await Task.Delay(100);
            }
        }
    }
}
