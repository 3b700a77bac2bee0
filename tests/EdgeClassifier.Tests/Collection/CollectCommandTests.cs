using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// The <c>collect</c> command in the real <c>run</c> process on a real mosquitto: with collection on but nothing
/// collected by itself (no margin, score or label rule), the command saves exactly the next frames it asks for, as
/// JPEG + sidecar with reason <c>command</c>, and a bad payload is refused with a reply saying what is expected.
/// </summary>
public sealed class CollectCommandTests : IAsyncLifetime
{
    private static readonly string[] Photos = ["parrot.jpg", "cat.bmp", "hot_dog.jpg"];
    private readonly TempDirectory _directory = new();
    private ServiceOnBroker? _device;

    private string Collected => _directory.File("collected");

    public async Task InitializeAsync()
    {
        string frames = _directory.File("frames");
        Directory.CreateDirectory(frames);
        foreach (string photo in Photos)
        {
            File.CreateSymbolicLink(Path.Combine(frames, photo), SharedAssets.Image(photo));
        }

        _device = await ServiceOnBroker.StartBrokerAsync(_directory, "collector1");
        await _device.StartAsync(_directory.Path,
            "--Camera:Source=files", $"--Camera:Path={frames}", "--Camera:Fps=10", "--Runtime:Threads=1",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}",

            // Collection on, but no rule of its own picks a frame: only the command does.
            "--Collect:Enabled=true", "--Collect:AmbiguityMargin=0", $"--Collect:Directory={Collected}", "--Collect:Width=224",
            $"--State:Directory={_directory.File("state")}");
    }

    [Fact]
    public async Task Collect_saves_exactly_the_next_frames_it_asks_for_and_refuses_a_bad_payload()
    {
        ServiceOnBroker device = _device!;
        foreach (var (payload, expected) in new[]
                 {
                     ("{\"frames\":0}", "bad frames value 0"),
                     ("{\"frames\":101}", "bad frames value 101"),
                     ("{\"frames\":2.5}", "bad frames value 2.5"),
                     ("{\"frames\":\"3\"}", "bad frames value \"3\""),
                     ("{\"count\":3}", "unknown argument 'count'"),
                 })
        {
            JsonNode refused = await device.SendAsync("collect", payload);
            Assert.False((bool)refused["ok"]!, payload);
            Assert.Contains(expected, (string)refused["error"]!);
        }

        JsonNode accepted = await device.SendAsync("collect", "{\"frames\":3}");
        Assert.True((bool)accepted["ok"]!, accepted.ToJsonString());
        Assert.Equal(3, (int)accepted["frames"]!);

        // The three frames are written, and later stats (frames classified since) show nothing else was collected.
        JsonNode written = await device.StatsAsync(s => (long?)s["collect"]?["saved"] == 3);
        long processedThen = (long)written["framesProcessed"]!;
        JsonNode later = await device.StatsAsync(s => (long)s["framesProcessed"]! >= processedThen + 10);
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
            Assert.Contains(root.GetProperty("frame").GetString(), Photos);
        }
    }

    public async Task DisposeAsync()
    {
        if (_device is not null)
        {
            await _device.DisposeAsync();
        }

        _directory.Dispose();
    }
}
