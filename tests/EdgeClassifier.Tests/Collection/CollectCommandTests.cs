using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Tests.Fleet;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// The <c>collect</c> command in the real <c>run</c> process on a real mosquitto: with collection on but nothing
/// collected by itself (no margin, score or label rule), the command saves exactly the next frames it asks for, as
/// JPEG + sidecar with reason <c>command</c>, and a bad payload is refused with a reply saying what is expected.
/// </summary>
public sealed class CollectCommandTests : IAsyncLifetime
{
    private const string DeviceId = "collector1";
    private readonly TempDirectory _directory = new();
    private MosquittoBroker? _broker;
    private MqttProbe? _probe;
    private ServiceProcess? _service;

    private static string Base => $"edgeclassifier/{DeviceId}";

    private string Collected => _directory.File("collected");

    public async Task InitializeAsync()
    {
        string frames = _directory.File("frames");
        Directory.CreateDirectory(frames);
        foreach (string photo in new[] { "parrot.jpg", "cat.bmp", "hot_dog.jpg" })
        {
            File.CreateSymbolicLink(Path.Combine(frames, photo), SharedAssets.Image(photo));
        }

        _broker = MosquittoBroker.Start(_directory);
        _probe = await MqttProbe.ConnectAsync(_broker.Port, $"{Base}/#");
        _service = ServiceProcess.Start(_directory.Path,
            "run", "--Camera:Source=files", $"--Camera:Path={frames}", "--Camera:Fps=10", "--Runtime:Threads=1",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={_broker.Port}", $"--Mqtt:DeviceId={DeviceId}", "--Mqtt:StatsIntervalSeconds=1",

            // Collection on, but no rule of its own picks a frame: only the command does.
            "--Collect:Enabled=true", "--Collect:AmbiguityMargin=0", $"--Collect:Directory={Collected}", "--Collect:Width=224",
            $"--State:Directory={_directory.File("state")}", "--Web:Enabled=false");
    }

    [Fact]
    public async Task Collect_saves_exactly_the_next_frames_it_asks_for_and_refuses_a_bad_payload()
    {
        MqttProbe probe = _probe!;
        await Wait(() => probe.WaitForAsync($"{Base}/availability", m => m.Text == "online", seconds: 120));

        foreach (var (payload, expected) in new[]
                 {
                     ("{\"frames\":0}", "bad frames value 0"),
                     ("{\"frames\":101}", "bad frames value 101"),
                     ("{\"frames\":2.5}", "bad frames value 2.5"),
                     ("{\"frames\":\"3\"}", "bad frames value \"3\""),
                     ("{\"count\":3}", "unknown argument 'count'"),
                 })
        {
            JsonNode refused = await Send(payload);
            Assert.False((bool)refused["ok"]!, payload);
            Assert.Contains(expected, (string)refused["error"]!);
        }

        JsonNode accepted = await Send("{\"frames\":3}");
        Assert.True((bool)accepted["ok"]!, accepted.ToJsonString());
        Assert.Equal(3, (int)accepted["frames"]!);

        // The three frames are written, and later stats (frames classified since) show nothing else was collected.
        JsonNode written = await Stats(s => (long?)s["collect"]?["saved"] == 3);
        long processedThen = (long)written["framesProcessed"]!;
        JsonNode later = await Stats(s => (long)s["framesProcessed"]! >= processedThen + 10);
        Assert.Equal(3, (long)later["collect"]!["saved"]!);
        Assert.Equal(0, (long)later["collect"]!["errors"]!);

        string[] images = Directory.GetFiles(Collected, "*.jpg", SearchOption.AllDirectories);
        Assert.Equal(3, images.Length);
        foreach (string image in images)
        {
            using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(image, ".json")));
            JsonElement root = sidecar.RootElement;
            Assert.Equal("command", root.GetProperty("reason").GetString());
            Assert.Equal(Path.GetFileName(image), root.GetProperty("image").GetString());
            Assert.Equal("mobilenet_v1_0.25_128_quant.onnx", root.GetProperty("model").GetString());
            Assert.Equal(224, root.GetProperty("width").GetInt32());
            Assert.Contains(root.GetProperty("frame").GetString(), new[] { "parrot.jpg", "cat.bmp", "hot_dog.jpg" });
        }
    }

    public async Task DisposeAsync()
    {
        _service?.Dispose();
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        _broker?.Dispose();
        _directory.Dispose();
    }

    private async Task<JsonNode> Send(string payload)
    {
        string result = $"{Base}/command/collect/result";
        int before = _probe!.Messages.Count(m => m.Topic == result);
        await _probe.PublishAsync($"{Base}/command/collect", payload);
        var replies = await _probe.WaitForCountAsync(result, before + 1, seconds: 60);
        Assert.True(replies.Count > before, $"no reply to collect {payload}\n{_service!.Output}");
        return JsonNode.Parse(replies[before].Text)!;
    }

    private async Task<JsonNode> Stats(Func<JsonNode, bool> match)
    {
        var message = await Wait(() => _probe!.WaitForAsync($"{Base}/stats", m => JsonNode.Parse(m.Text) is { } s && match(s), seconds: 60));
        return JsonNode.Parse(message.Text)!;
    }

    private async Task<T> Wait<T>(Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nService output:\n{_service!.Output}", ex);
        }
    }
}
