using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Fleet;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// The real <c>edgeclassifier run</c> (a real MobileNet looking at real photos, two of them barcodes, with the
/// barcode reader and the classification stream on, every decision change published) publishing to a real mosquitto, with a subscriber that records everything under the device's topics and its discovery config:
/// the payloads Home Assistant and other consumers really get.
/// </summary>
public sealed class RealServicePayloads : IAsyncLifetime
{
    public const string DeviceId = "ha1";
    public const string WatchedLabel = "window screen";
    public const double ClassificationsPerSecond = 4;

    private readonly TempDirectory _directory = new();
    private MosquittoBroker? _broker;
    private ServiceProcess? _service;

    public string Base => $"edgeclassifier/{DeviceId}";

    public string DiscoveryTopic => $"homeassistant/device/{DeviceId}/config";

    public MqttProbe Probe { get; private set; } = null!;

    /// <summary>When each message arrived, by arrival order (the probe's messages carry no time).</summary>
    public ConcurrentQueue<(string Topic, DateTime At)> Arrivals { get; } = new();

    public string Output => _service?.Output ?? "";

    public async Task InitializeAsync()
    {
        string frames = _directory.File("frames");
        Directory.CreateDirectory(frames);
        File.CreateSymbolicLink(Path.Combine(frames, "1-parrot.jpg"), SharedAssets.Image("parrot.jpg"));
        File.CreateSymbolicLink(Path.Combine(frames, "2-qrcode.png"), Path.Combine(SharedAssets.BarcodesDirectory, "qrcode-2", "1.png"));
        File.CreateSymbolicLink(Path.Combine(frames, "3-ean13.png"), Path.Combine(SharedAssets.BarcodesDirectory, "ean13-3", "01.png"));
        _broker = MosquittoBroker.Start(_directory);
        Probe = await MqttProbe.ConnectAsync(_broker.Port, $"{Base}/#", DiscoveryTopic);
        Probe.OnReceived = m => Arrivals.Enqueue((m.Topic, DateTime.UtcNow));
        _service = ServiceProcess.Start(_directory.Path,
            "run", "--Camera:Source=files", $"--Camera:Path={frames}", "--Camera:Fps=10", "--Runtime:Threads=1",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={_broker.Port}", $"--Mqtt:DeviceId={DeviceId}",
            "--Mqtt:StatsIntervalSeconds=1", $"--Mqtt:WatchedLabels:0={WatchedLabel}",
            "--Mqtt:ClassificationStream=true", $"--Mqtt:ClassificationMaxPerSecond={ClassificationsPerSecond}",
            "--Barcode:Enabled=true", "--Decision:Mode=instant",
            $"--State:Directory={_directory.File("state")}", "--Web:Enabled=false");
    }

    /// <summary>The latest message on <paramref name="topic"/> once one matches <paramref name="match"/>.</summary>
    public async Task<string> LatestAsync(string topic, Func<JsonNode, bool>? match = null)
    {
        try
        {
            await Probe.WaitForAsync(topic, m => match is null || (JsonNode.Parse(m.Text) is { } json && match(json)), seconds: 120);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nService output:\n{Output}", ex);
        }

        return Probe.Messages.Last(m => m.Topic == topic).Text;
    }

    public async Task DisposeAsync()
    {
        _service?.Dispose();
        await Probe.DisposeAsync();
        _broker?.Dispose();
        _directory.Dispose();
    }
}
