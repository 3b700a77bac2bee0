using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Fleet;

/// <summary>
/// A fleet tool's view of the broker: a <see cref="FleetClient"/> subscribed to every device's retained topics and
/// command results, feeding a <see cref="FleetDirectory"/>; replies to this session's commands are collected by
/// correlation data.
/// </summary>
public sealed class FleetSession : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private readonly FleetClient _client;

    private FleetSession(FleetClient client)
    {
        _client = client;
        Directory = new FleetDirectory(client.Options.TopicPrefix);
    }

    /// <summary>The devices seen so far.</summary>
    public FleetDirectory Directory { get; }

    /// <summary>Command replies received (device id, correlation data, payload), in arrival order.</summary>
    public List<(string DeviceId, byte[] Correlation, byte[] Payload)> Replies { get; } = [];

    /// <summary>Connects and subscribes; then waits until the retained messages have arrived (the broker goes quiet).</summary>
    public static async Task<FleetSession> OpenAsync(MqttOptions options, TimeSpan settle, CancellationToken cancellationToken)
    {
        var session = new FleetSession(await FleetClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false));
        await session._client.SubscribeAsync(
            [.. session.Directory.Filters, $"{options.TopicPrefix}/+/command/+/result"], cancellationToken).ConfigureAwait(false);
        await session.PumpAsync(_ => false, settle, stopWhenQuiet: true, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Publishes command <paramref name="name"/> on <paramref name="targetBase"/>/command/... with <paramref name="correlation"/>.</summary>
    public Task SendAsync(string targetBase, string name, byte[] payload, byte[] correlation, CancellationToken cancellationToken) =>
        _client.SendCommandAsync($"{targetBase}/command/{name}", payload, correlation, cancellationToken);

    /// <summary>The topic base that addresses <paramref name="deviceId"/>, a group, or every device.</summary>
    public string DeviceBase(string deviceId) => $"{_client.Options.TopicPrefix}/{deviceId}";

    /// <summary>The topic base of group <paramref name="group"/>.</summary>
    public string GroupBase(string group) => $"{_client.Options.TopicPrefix}/{MqttTopics.GroupLevel}/{group}";

    /// <summary>The topic base of the whole fleet.</summary>
    public string AllBase => $"{_client.Options.TopicPrefix}/{MqttTopics.AllDevices}";

    /// <summary>Processes messages until <paramref name="done"/> holds (checked after each one) or <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(Func<FleetSession, bool> done, TimeSpan timeout, CancellationToken cancellationToken) =>
        PumpAsync(done, timeout, stopWhenQuiet: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<bool> PumpAsync(Func<FleetSession, bool> done, TimeSpan timeout, bool stopWhenQuiet, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!done(this))
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            if (stopWhenQuiet)
            {
                quiet.CancelAfter(Quiet);
            }

            FleetMessage message;
            try
            {
                message = await _client.Messages.ReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return done(this);
            }

            if (Directory.Apply(message) is null && message.CorrelationData is { } correlation && message.Topic.EndsWith("/result", StringComparison.Ordinal))
            {
                string[] levels = message.Topic.Split('/');
                Replies.Add((levels[^4], correlation, message.Payload));
                NoteStage(levels[^4], message.Payload);
            }
        }

        return true;
    }

    /// <summary>
    /// A reply that starts an installation names its first stage; it replaces whatever verdict of an earlier rollout
    /// the retained <c>info</c> still shows, until the device's next <c>info</c> arrives.
    /// </summary>
    private void NoteStage(string deviceId, byte[] payload)
    {
        if (Directory.Find(deviceId) is not { } device || FleetDirectory.ParseObject(payload) is not { } reply
            || reply["stage"] is null || reply["version"] is null)
        {
            return;
        }

        device.Info ??= [];
        device.Info["rollout"] = new JsonObject { ["version"] = reply["version"]!.DeepClone(), ["stage"] = reply["stage"]!.DeepClone() };
    }
}
