using System.Diagnostics;
using System.Net;
using System.Text;
using EdgeClassifier.Security;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Keeps one MQTTnet client connected for the life of the service: connects with MQTT 5 (falling back to 3.1.1 when
/// the broker refuses the version), retries forever with back-off and jitter, logs why an attempt failed, announces
/// <c>online</c> after every connect and <c>stopped</c> on a clean stop. MQTTnet 5 has no managed client, so this is it.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly string _host;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly ReconnectBackoff _backoff;
    private readonly BrokerCertificateValidator? _tls;
    private readonly NetworkCredential? _credential;
    private readonly List<Func<CancellationToken, Task>> _onConnected = [];
    private readonly List<Action> _onReady = [];
    private static readonly TimeSpan StableConnection = TimeSpan.FromSeconds(10);

    /// <summary>The MQTT 5 user property on <c>availability</c> that names the process which published it.</summary>
    public const string InstanceProperty = "instance";
    private TaskCompletionSource<string> _disconnected = NewSignal();
    private MqttClientConnectResult? _refused;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private MqttProtocolVersion _version = MqttProtocolVersion.V500;
    private volatile bool _ready;
    private long _unreachable;

    /// <summary>
    /// Creates the (not yet connected) connection to <paramref name="host"/>, logging in as <paramref name="credential"/>
    /// when given, else as <c>Mqtt:Username</c>.
    /// </summary>
    public MqttConnection(MqttOptions options, MqttTopics topics, string host, ILogger logger, NetworkCredential? credential = null)
    {
        _options = options;
        _topics = topics;
        _host = host;
        _logger = logger;
        _credential = credential;
        _backoff = new ReconnectBackoff(
            TimeSpan.FromSeconds(options.ReconnectMinSeconds), TimeSpan.FromSeconds(options.ReconnectMaxSeconds));
        _tls = MqttClientOptionsFactory.UsesTls(options)
            ? new BrokerCertificateValidator(options.CaFile, options.TlsInsecure)
            : null;
        if (credential is null && options.Username.Length > 0)
        {
            WarnAboutExposedPassword();
        }

        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>True while the broker connection is up (set-up steps may still be running).</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// True while the connection is up and its set-up (online announced, subscriptions and every
    /// <see cref="OnConnected"/> step) has finished: commands sent now reach the device.
    /// </summary>
    public bool IsReady => _ready && _client.IsConnected;

    /// <summary>Why the last connection attempt failed, or <c>null</c> after a success.</summary>
    public string? LastError { get; private set; }

    /// <summary>Failed attempts since the last connection that held for a while.</summary>
    public int FailedAttempts => _backoff.Failures;

    /// <summary>
    /// Connection attempts that found no broker (refused, timed out, rejected) since start; it never goes down, so a
    /// change between two moments means the broker or the network was away in between.
    /// </summary>
    public long UnreachableAttempts => Interlocked.Read(ref _unreachable);

    /// <summary>The largest packet the broker said it accepts (MQTT 5 CONNACK), or <c>null</c> when it set no limit.</summary>
    public uint? MaximumPacketSize { get; private set; }

    /// <summary>The broker's reason for the last message it refused, for the dead-letter table.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>The protocol version of the current (or last) connection.</summary>
    public MqttProtocolVersion ProtocolVersion => _version;

    /// <summary>Receives every incoming message; it should hand work off rather than block.</summary>
    public Func<MqttApplicationMessage, Task>? MessageReceived { get; set; }

    /// <summary>Adds work to run after every successful connect, before <c>online</c> (subscriptions, discovery).</summary>
    public void OnConnected(Func<CancellationToken, Task> callback) => _onConnected.Add(callback);

    /// <summary>Adds work to start each time the connection becomes <see cref="IsReady"/>; it must not block.</summary>
    public void OnReady(Action callback) => _onReady.Add(callback);

    /// <summary>Connects and reconnects until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool wasDropped = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (wasDropped)
            {
                wasDropped = false;
                await YieldWhileIdTakenAsync(cancellationToken).ConfigureAwait(false);
            }

            _disconnected = NewSignal();
            string? failure = await TryConnectAsync(cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                Interlocked.Increment(ref _unreachable);
            }
            else
            {
                LastError = null;
                _logger.LogInformation("MQTT connected to {Host}:{Port} as {ClientId} (MQTT {Version})",
                    _host, MqttClientOptionsFactory.EffectivePort(_options), _options.ClientId, _version);
                failure = await AnnounceAsync(cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    // Connecting, announcing and subscribing are one unit: a step that failed is retried with all the
                    // others on a new connection, never left out of a connection that stays up.
                    await DropAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    _ready = true;
                    _onReady.ForEach(callback => callback());
                    long connectedAt = Stopwatch.GetTimestamp();
                    string reason = await _disconnected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                    _ready = false;
                    wasDropped = true;
                    if (Stopwatch.GetElapsedTime(connectedAt) >= StableConnection)
                    {
                        // Only a connection that held counts as success; one dropped at once keeps backing off.
                        _backoff.Reset();
                        _logger.LogWarning("MQTT connection to {Host} lost ({Reason}); reconnecting", _host, reason);
                        // A moment with jitter first: a fleet that lost its broker together does not come back in the
                        // same millisecond, and a client that took this id over has announced itself by then.
                        await Task.Delay(TimeSpan.FromSeconds(_options.ReconnectMinSeconds * (0.5 + (Random.Shared.NextDouble() * 0.5))),
                            cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    failure = $"the broker closed the connection right after it was set up ({reason}); " +
                              "is another client using the same Mqtt:ClientId?";
                }
            }

            LastError = failure;
            var delay = _backoff.NextDelay();
            _logger.LogError("MQTT connection to {Host}:{Port} failed (attempt {Attempt}): {Reason}. Retrying in {Delay:0.0} s",
                _host, MqttClientOptionsFactory.EffectivePort(_options), _backoff.Failures, failure, delay.TotalSeconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes when connected and reports what became of the message (never throws).</summary>
    public async Task<PublishOutcome> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return PublishOutcome.NotSent;
        }

        if (_version != MqttProtocolVersion.V500)
        {
            // MQTT 3.1.1 has no expiry, response topic or correlation data; MQTTnet refuses to send them.
            message.MessageExpiryInterval = 0;
            message.ResponseTopic = null;
            message.CorrelationData = null;
            message.ContentType = null;
            message.UserProperties = null;
        }

        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            // Reason codes below 0x80 are successes, including "no matching subscribers" (0x10).
            if ((int)result.ReasonCode < 0x80)
            {
                return PublishOutcome.Accepted;
            }

            _logger.LogWarning("MQTT broker refused a message on {Topic}: {Reason} {Text}",
                message.Topic, result.ReasonCode, result.ReasonString);
            LastRefusal = string.IsNullOrEmpty(result.ReasonString) ? result.ReasonCode.ToString() : $"{result.ReasonCode}: {result.ReasonString}";
            return PublishOutcome.Rejected;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "MQTT publish on {Topic} failed", message.Topic);
            return PublishOutcome.NotSent;
        }
    }

    /// <summary>Publishes retained <c>stopped</c> and disconnects cleanly, so the broker does not send the last will.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        await PublishAsync(AvailabilityMessage(MqttTopics.Stopped), cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "MQTT disconnect failed");
        }
    }

    /// <summary>Subscribes to <paramref name="filters"/>.</summary>
    public async Task SubscribeAsync(IEnumerable<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(filter);
        }

        await _client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string?> TryConnectAsync(CancellationToken cancellationToken)
    {
        var (failure, mayBeVersion) = await AttemptAsync(_version, cancellationToken).ConfigureAwait(false);
        if (failure is null || !mayBeVersion || _version != MqttProtocolVersion.V500)
        {
            return failure;
        }

        // A 3.1.1-only broker answers an MQTT 5 CONNECT with "unsupported protocol version" or just hangs up.
        var (retryFailure, _) = await AttemptAsync(MqttProtocolVersion.V311, cancellationToken).ConfigureAwait(false);
        if (retryFailure is not null)
        {
            return failure;
        }

        _logger.LogWarning("MQTT broker {Host} does not speak MQTT 5; using 3.1.1 (no message expiry or response topics)", _host);
        _version = MqttProtocolVersion.V311;
        return null;
    }

    private async Task<(string? Failure, bool MayBeVersion)> AttemptAsync(MqttProtocolVersion version, CancellationToken cancellationToken)
    {
        _refused = null;
        try
        {
            var options = MqttClientOptionsFactory.Build(_options, _topics, _host, version, _tls, _credential);
            var result = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            MaximumPacketSize = result.MaximumPacketSize is > 0 ? result.MaximumPacketSize : null;
            return result.ResultCode == MqttClientConnectResultCode.Success
                ? (null, false)
                : (ConnectFailureDescription.Describe(result.ResultCode, result.ReasonString, _options),
                    result.ResultCode == MqttClientConnectResultCode.UnsupportedProtocolVersion);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "MQTT connect attempt failed");
            string failure = ConnectFailureDescription.Describe(ex, _tls?.LastFailure, _refused, _options);
            bool mayBeVersion = _refused is null
                ? _tls?.LastFailure is null && !ConnectFailureDescription.IsTransportFailure(ex)
                : _refused.ResultCode == MqttClientConnectResultCode.UnsupportedProtocolVersion;
            return (failure, mayBeVersion);
        }
    }

    /// <summary>Closes a connection whose set-up failed (the broker then sends the last will, <c>offline</c>).</summary>
    private async Task DropAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                    .WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "MQTT disconnect after a failed set-up");
        }
    }

    private async Task<string?> AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var callback in _onConnected)
            {
                await callback(cancellationToken).ConfigureAwait(false);
            }

            // Online comes last: whoever waits for it (Home Assistant, the fleet CLI, an operator's script) may send a
            // command at once, so the subscriptions must already be in place when it goes out.
            if (await PublishAsync(AvailabilityMessage(MqttTopics.Online), cancellationToken).ConfigureAwait(false) != PublishOutcome.Accepted)
            {
                return "the connection dropped while it was being set up";
            }

            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"setting up the session failed: {ex.Message}";
        }
    }

    /// <summary>
    /// After a connection dropped, before connecting again: when the device's retained availability says <c>online</c>
    /// with another process's instance marker, another client connected with this client id and took the connection
    /// over (the broker drops the older of two clients with one id). Connecting again would kick that client, which
    /// would kick this one in turn, forever; so this device stays off the broker, says why, and checks every
    /// <c>Mqtt:ReconnectMaxSeconds</c> (with jitter) until that client's last will or clean stop replaced its
    /// <c>online</c>. The check uses a separate client with its own id and no last will.
    /// </summary>
    private async Task YieldWhileIdTakenAsync(CancellationToken cancellationToken)
    {
        if (!await HeldByAnotherAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        LastError = $"another client connected with the same client id '{_options.ClientId}'; this device stays " +
                    "off the broker while that client is online (every device needs its own Mqtt:DeviceId)";
        _logger.LogError("MQTT broker {Host} dropped this connection: another client connected with the same client id " +
                         "'{ClientId}'. Every device needs its own Mqtt:DeviceId (or Mqtt:ClientId). This device does not take " +
                         "the id back (the two would keep kicking each other off): it stays off the broker while the other " +
                         "client's availability is online, checking every {Interval} s", _host, _options.ClientId, _options.ReconnectMaxSeconds);
        for (int checks = 1; ; checks++)
        {
            var delay = TimeSpan.FromSeconds(_options.ReconnectMaxSeconds * (0.5 + (Random.Shared.NextDouble() * 0.5)));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            if (!await HeldByAnotherAsync(cancellationToken).ConfigureAwait(false))
            {
                _logger.LogWarning("MQTT client id '{ClientId}' is free again after {Checks} check(s); reconnecting", _options.ClientId, checks);
                _backoff.Reset();
                return;
            }

            _logger.LogDebug("MQTT client id '{ClientId}' is still in use by another client; staying off the broker", _options.ClientId);
        }
    }

    /// <summary>
    /// True when the retained availability is <c>online</c> from another instance; false when it is this one's, says
    /// something else, is missing, or cannot be read (the broker away: the ordinary reconnect handles that).
    /// </summary>
    private async Task<bool> HeldByAnotherAsync(CancellationToken cancellationToken)
    {
        if (_version != MqttProtocolVersion.V500)
        {
            return false; // MQTT 3.1.1 carries no instance marker.
        }

        using var checker = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        checker.ApplicationMessageReceivedAsync += args =>
        {
            received.TrySetResult(args.ApplicationMessage);
            return Task.CompletedTask;
        };
        try
        {
            string clientId = $"{_options.ClientId}-idcheck-{Random.Shared.Next():x8}";
            await checker.ConnectAsync(MqttClientOptionsFactory.BuildForTool(_options, _host, clientId, _tls), cancellationToken).ConfigureAwait(false);
            await checker.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_topics.Availability).Build(), cancellationToken)
                .ConfigureAwait(false);
            // A retained message comes right after the subscription is acknowledged; none within two seconds means none.
            var availability = await received.Task.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            await checker.DisconnectAsync().ConfigureAwait(false);
            string? instance = availability.UserProperties?.FirstOrDefault(p => p.Name == InstanceProperty)?.ReadValueAsString();
            return availability.ConvertPayloadToString() == MqttTopics.Online && instance is not null && instance != _instance;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "MQTT availability check failed");
            return false;
        }
    }

    private void WarnAboutExposedPassword()
    {
        if (MqttPassword.FilePath(_options) is { } path)
        {
            SecretFiles.WarnIfReadableByOthers(path, "Mqtt:PasswordFile", _logger);
        }

        if (_tls is null && !NetworkAddresses.IsLoopbackHost(_host))
        {
            _logger.LogWarning("MQTT: the password of Mqtt:Username '{User}' goes to {Host}, another machine, in clear text; " +
                               "turn on TLS with Mqtt:CaFile (or Mqtt:Tls)", _options.Username, _host);
        }
    }

    /// <summary>
    /// The availability message, marked (MQTT 5 user property <see cref="InstanceProperty"/>) with this process's random
    /// instance id, so a device can tell its own <c>online</c> from that of another client using its id.
    /// </summary>
    private MqttApplicationMessage AvailabilityMessage(string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(_topics.Availability)
        .WithPayload(payload)
        .WithRetainFlag(true)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithUserProperty(InstanceProperty, Encoding.UTF8.GetBytes(_instance))
        .Build();

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        _ready = false;
        if (args.ClientWasConnected)
        {
            _disconnected.TrySetResult(args.Exception?.Message ?? args.Reason.ToString());
        }
        else
        {
            _refused = args.ConnectResult;
        }

        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args) =>
        MessageReceived?.Invoke(args.ApplicationMessage) ?? Task.CompletedTask;

    private static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
