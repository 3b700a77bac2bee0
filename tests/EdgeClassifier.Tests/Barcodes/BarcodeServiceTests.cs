using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Fleet;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Barcodes;

/// <summary>
/// The barcode reader in the real service: <c>edgeclassifier run</c> with the files source turning the shared barcode
/// photos into 640x480 camera frames, a real mosquitto, and the payloads the service published.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class BarcodeServiceTests
{
    private const string Device = "scan1";
    private const string Topic = $"edgeclassifier/{Device}/barcode";
    private const string Discovery = $"homeassistant/device/{Device}/config";

    /// <summary>Three codes of each default format (distinct texts; QR 10 is Shift_JIS text).</summary>
    private static readonly string[] Photos =
    [
        "ean13-3/01.png", "ean13-3/10.png", "ean13-3/23.png", "upca-2/01.png", "upca-2/09.png", "upca-2/14.png",
        "upce-2/01.png", "upce-2/08.png", "upce-2/16.png", "ean8-1/1.png", "ean8-1/2.png", "ean8-1/4.png",
        "code128-1/1.png", "code128-1/2.png", "code128-1/3.png", "qrcode-2/1.png", "qrcode-2/10.png", "qrcode-2/11.png",
        "datamatrix-1/0123456789.png", "datamatrix-1/C40.png", "datamatrix-1/GUID.png",
    ];

    [Theory]
    [InlineData("YUYV")]
    [InlineData("NV12")]
    [InlineData("GREY")]
    public async Task Photos_as_camera_frames_are_published_once_each_and_survive_a_broker_restart(string pixelFormat)
    {
        using var directory = new TempDirectory();
        string frames = directory.File("frames");
        Directory.CreateDirectory(frames);
        for (int i = 0; i < Photos.Length; i++)
        {
            File.CreateSymbolicLink(Path.Combine(frames, $"{i:00}-{Photos[i].Replace('/', '-')}"), Path.Combine(SharedAssets.BarcodesDirectory, Photos[i]));
        }

        string[] expected = [.. Photos.Select(ExpectedText).Order(StringComparer.Ordinal)];
        using var broker = MosquittoBroker.Start(directory);
        await using var probe = await MqttProbe.ConnectPersistentAsync(broker.Port, "barcode-probe", Topic, Discovery);
        string decisions = directory.File("decisions.jsonl");
        using var service = ServiceProcess.Start(directory.Path,
            "run", "--decisions-out", decisions, $"--State:Directory={directory.File("state")}",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}", $"--Model:Labels={SharedAssets.LabelsFile}",
            "--Camera:Source=files", $"--Camera:Path={frames}", $"--Camera:PixelFormat={pixelFormat}", "--Camera:Fps=4",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={broker.Port}", $"--Mqtt:DeviceId={Device}", "--Mqtt:Qos=2",
            "--Barcode:Enabled=true", "--Barcode:MaxRate=0", "--Barcode:RepeatSeconds=3600");

        // The first scans arrive; then the broker is away for three seconds while the camera keeps showing codes.
        Assert.True((await probe.WaitForCountAsync(Topic, 3, 60)).Count >= 3, service.Output);
        broker.Stop();
        DateTimeOffset down = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(3));
        DateTimeOffset up = DateTimeOffset.UtcNow;
        broker.Restart();

        await probe.WaitForCountAsync(Topic, expected.Length, 90);
        await Task.Delay(TimeSpan.FromSeconds(6)); // more than another pass of the photos: a repeat would arrive now
        service.Stop();

        // Delivery is at least once, as for events: a publish in flight when the broker went away may arrive twice,
        // with the same sequence. After de-duplication by sequence every code is there once.
        var received = probe.Messages.Where(m => m.Topic == Topic).Select(m => JsonNode.Parse(m.Text)!).ToList();
        var scans = received.GroupBy(scan => (long)scan["sequence"]!).Select(same => same.First()).ToList();
        Assert.All(received.GroupBy(scan => (long)scan["sequence"]!), same => Assert.Single(same.Select(Text).Distinct()));
        Assert.True(expected.SequenceEqual(scans.Select(Text).Order(StringComparer.Ordinal)),
            $"expected each code once, got:\n{string.Join("\n", scans.Select(Text))}\n{service.Output}");
        Assert.Contains(scans, scan => DateTimeOffset.Parse((string)scan["timestamp"]!) is var at && at > down && at < up);
        Assert.All(scans, scan => Assert.Equal(2, scan["points"]!.AsArray()[0]!.AsArray().Count));

        // The decisions file holds the same scans as lines of their own, beside the decisions.
        string[] lines = File.ReadAllLines(decisions);
        string[] fileScans = [.. lines.Select(line => JsonNode.Parse(line)!["barcode"]).OfType<JsonNode>().Select(Text).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, fileScans);
        Assert.Contains(lines, line => JsonNode.Parse(line)!["label"] is not null);

        // Home Assistant: the event and sensor templates render the service's own payload with the real Jinja2.
        JsonObject components = JsonNode.Parse((await probe.WaitForAsync(Discovery)).Text)!["cmps"]!.AsObject();
        JsonNode qr = scans.First(scan => (string?)scan["format"] == "QR_CODE");
        string payload = qr.ToJsonString();
        JsonNode barcodeEvent = components[$"{Device}_barcode"]!;
        Assert.Equal("event", (string?)barcodeEvent["p"]);
        Assert.Equal(Topic, (string?)barcodeEvent["stat_t"]);
        Assert.Equal("scanned", (string?)barcodeEvent["event_types"]![0]);
        JsonNode fired = JsonNode.Parse(Jinja2.Render((string)barcodeEvent["val_tpl"]!, payload))!;
        Assert.Equal("scanned", (string?)fired["event_type"]);
        Assert.Equal(Text(qr), (string?)fired["text"]);
        Assert.Equal("QR_CODE", (string?)fired["format"]);
        JsonNode lastCode = components[$"{Device}_barcode_last"]!;
        Assert.Equal("sensor", (string?)lastCode["p"]);
        string state = Jinja2.Render((string)lastCode["val_tpl"]!, payload);
        Assert.Equal(Text(qr).Length > 255 ? Text(qr)[..255] : Text(qr), state);
        JsonNode attributes = JsonNode.Parse(Jinja2.Render((string)lastCode["json_attr_tpl"]!, payload))!;
        Assert.Equal("QR_CODE", (string?)attributes["format"]);
        Assert.Equal(Online(components), components.Count);
    }

    private static string ExpectedText(string photo) =>
        File.ReadAllText(Path.Combine(SharedAssets.BarcodesDirectory, Path.ChangeExtension(photo, ".txt")));

    private static string Text(JsonNode scan) => (string)scan["text"]!;

    private static int Online(JsonObject components) =>
        components.Count(c => (string?)c.Value!["avty_t"] == $"edgeclassifier/{Device}/availability");
}
