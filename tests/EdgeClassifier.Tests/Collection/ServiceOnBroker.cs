using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Fleet;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// The real <c>edgeclassifier run</c> on a real mosquitto, with a probe on the device's topics: commands as an
/// operator sends them and waits for what the service publishes; a timeout says what the service logged.
/// </summary>
public sealed class ServiceOnBroker : IAsyncDisposable
{
    private readonly MosquittoBroker _broker;
    private ServiceProcess? _service;

    private ServiceOnBroker(MosquittoBroker broker, MqttProbe probe, string deviceId)
    {
        _broker = broker;
        Probe = probe;
        Base = $"edgeclassifier/{deviceId}";
        DeviceId = deviceId;
    }

    public MqttProbe Probe { get; }

    /// <summary>The device's topic prefix.</summary>
    public string Base { get; }

    public string DeviceId { get; }

    /// <summary>Starts mosquitto in <paramref name="directory"/> and subscribes to the device's topics.</summary>
    public static async Task<ServiceOnBroker> StartBrokerAsync(TempDirectory directory, string deviceId)
    {
        var broker = MosquittoBroker.Start(directory);
        return new ServiceOnBroker(broker, await MqttProbe.ConnectAsync(broker.Port, $"edgeclassifier/{deviceId}/#"), deviceId);
    }

    /// <summary>Starts <c>run <paramref name="args"/></c> on the broker (stats every second) and waits until it is online.</summary>
    public async Task StartAsync(string workingDirectory, params string[] args)
    {
        _service = ServiceProcess.Start(workingDirectory,
        [
            "run", .. args, "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={_broker.Port}", $"--Mqtt:DeviceId={DeviceId}",
            "--Mqtt:StatsIntervalSeconds=1", "--Web:Enabled=false",
        ]);
        await WithOutput(() => Probe.WaitForAsync($"{Base}/availability", m => m.Text == "online", seconds: 120));
    }

    /// <summary>Sends <c>command/<paramref name="command"/></c> and returns the reply to it.</summary>
    public async Task<JsonNode> SendAsync(string command, string payload)
    {
        string result = $"{Base}/command/{command}/result";
        int before = Probe.Messages.Count(m => m.Topic == result);
        await Probe.PublishAsync($"{Base}/command/{command}", payload);
        var replies = await Probe.WaitForCountAsync(result, before + 1, seconds: 120);
        Assert.True(replies.Count > before, $"no reply to {command} {payload}\n{_service?.Output}");
        return JsonNode.Parse(replies[before].Text)!;
    }

    /// <summary>The first stats document (any received so far included) that <paramref name="match"/> accepts.</summary>
    public async Task<JsonNode> StatsAsync(Func<JsonNode, bool> match)
    {
        var message = await WithOutput(() => Probe.WaitForAsync($"{Base}/stats", m => JsonNode.Parse(m.Text) is { } s && match(s), seconds: 60));
        return JsonNode.Parse(message.Text)!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="seconds"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, double seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {seconds} s\n{_service?.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Runs a wait; a timeout carries the service's output.</summary>
    public async Task<T> WithOutput<T>(Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nService output:\n{_service?.Output}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _service?.Dispose();
        await Probe.DisposeAsync();
        _broker.Dispose();
    }
}
