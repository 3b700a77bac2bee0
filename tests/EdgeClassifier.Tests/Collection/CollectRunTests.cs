using System.Text.Json;
using EdgeClassifier.Outputs.Collection;
using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// Collection in the real <c>run</c> process: the files camera replays the shared photos, a margin of 1 makes nearly
/// every frame "ambiguous", and the label folders fill with JPEG + sidecar up to the count or the disk quota while
/// the frame path keeps its budget.
/// </summary>
public sealed class CollectRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_files_run_fills_the_label_folders_with_jpeg_and_sidecar_up_to_the_count_without_a_miss()
    {
        string output = _temp.File("collected");

        var run = Run(output, "--Collect:MaxFiles=6");

        Assert.True(run.ExitCode == 0, run.Error);
        string[] images = Directory.GetFiles(output, "*.jpg", SearchOption.AllDirectories);
        Assert.Equal(6, images.Length);
        foreach (string image in images)
        {
            // <label>/<photo>/<time>-<sequence>.jpg, the sidecar beside it naming both.
            using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(image, ".json")));
            JsonElement root = sidecar.RootElement;
            string photoFolder = Path.GetDirectoryName(image)!;
            string labelFolder = Path.GetDirectoryName(photoFolder)!;
            Assert.Equal(output, Path.GetDirectoryName(labelFolder));
            Assert.Equal(CollectedFrameStore.FolderName(root.GetProperty("label").GetString()!), Path.GetFileName(labelFolder));
            Assert.Equal(Path.GetFileNameWithoutExtension(root.GetProperty("frame").GetString()), Path.GetFileName(photoFolder));
            Assert.True(File.Exists(Path.Combine(SharedAssets.ModelsDirectory, "images", root.GetProperty("frame").GetString()!)));
            Assert.Equal(Path.GetFileName(image), root.GetProperty("image").GetString());
            Assert.Equal("mobilenet_v1_0.25_128_quant.onnx", root.GetProperty("model").GetString());
            Assert.Equal("ambiguous", root.GetProperty("reason").GetString());
            Assert.True(root.GetProperty("top").GetArrayLength() >= 2);
            Assert.True(root.GetProperty("score").GetDouble() > 0);
            Assert.True(DateTimeOffset.UtcNow - root.GetProperty("timestamp").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
        }

        Assert.True(Directory.GetDirectories(output).Length >= 2, "frames of several photos, several labels");
        Assert.Contains("Collect stopped: 6 saved", run.Output);
        AssertNoMisses();
        JsonElement collect = AssertCollectBlockMatches(output);
        Assert.Equal(6, collect.GetProperty("saved").GetInt64());
    }

    [Fact]
    public void The_disk_quota_bounds_what_is_written()
    {
        string output = _temp.File("collected");
        const double quotaMegabytes = 0.1;

        var run = Run(output, $"--Collect:MaxMegabytes={quotaMegabytes}", "--Collect:Width=320");

        Assert.True(run.ExitCode == 0, run.Error);
        var files = new DirectoryInfo(output).GetFiles("*", SearchOption.AllDirectories);
        long bytes = files.Sum(f => f.Length);
        int images = files.Count(f => f.Extension == ".jpg");
        Assert.True(bytes <= quotaMegabytes * 1024 * 1024, $"{bytes} bytes written, quota {quotaMegabytes} MiB");
        Assert.True(images >= 2, $"{images} images: the quota holds several 320-pixel JPEGs");
        Assert.Equal(images, files.Count(f => f.Extension == ".json"));
        Assert.Matches(@"Collect stopped: \d+ saved, \d+ dropped \(writer busy\), [1-9]\d* refused \(limits\)", run.Output);
        AssertNoMisses();
        JsonElement collect = AssertCollectBlockMatches(output);
        Assert.True(collect.GetProperty("refused").GetInt64() >= 1, "the quota refused frames");
    }

    [Theory]
    [InlineData("--Collect:QueueLength=0", "config: Collect:QueueLength must be between 1 and 64, got 0.")]
    [InlineData("--Collect:Directory=relative/dir", "config: Collect:Directory: 'relative/dir' must be an absolute path.")]
    [InlineData("--Collect:MaxMegabytes=lots", "config: Collect:MaxMegabytes: 'lots' is not valid; expected a number.")]
    public void Bad_collect_settings_stop_the_start_with_exit_code_2(string setting, string message)
    {
        var run = CliProcess.Run(
            "run", "--duration", "5s", "--Camera:Source=synthetic", $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}",
            "--Mqtt:Enabled=false", "--Web:Enabled=false", setting);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private CliProcess.Result Run(string output, params string[] limits) => CliProcess.Run(
        TimeSpan.FromMinutes(2),
        [
            // Long enough for the writer to reach the limits on a busy machine, where it drops most frames (busy).
            "run", "--duration", "15s", "--stats-out", _temp.File("stats.json"),
            "--Camera:Source=files", $"--Camera:Path={Path.Combine(SharedAssets.ModelsDirectory, "images")}", "--Camera:Fps=10",
            $"--Model:Path={SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx")}", "--Runtime:Threads=1",

            // The budget is three times this machine's worst frame with collection off under the load of parallel
            // builds (about 35 ms): a frame path waiting for JPEG encoding or disk writes would miss it.
            "--Pipeline:BudgetMs=100",
            "--Collect:Enabled=true", "--Collect:AmbiguityMargin=1", "--Collect:IntervalMs=0", $"--Collect:Directory={output}",
            "--Mqtt:Enabled=false", "--Web:Enabled=false", .. limits,
        ]);

    /// <summary>
    /// The <c>collect</c> block of the <c>--stats-out</c> document counts what the run wrote into the fresh directory.
    /// </summary>
    private JsonElement AssertCollectBlockMatches(string output)
    {
        var files = new DirectoryInfo(output).GetFiles("*", SearchOption.AllDirectories);
        int images = files.Count(f => f.Extension == ".jpg");
        using var stats = JsonDocument.Parse(File.ReadAllText(_temp.File("stats.json")));
        JsonElement collect = stats.RootElement.GetProperty("collect").Clone();
        Assert.Equal(images, collect.GetProperty("saved").GetInt64());
        Assert.Equal(images, collect.GetProperty("images").GetInt64());
        Assert.Equal(files.Sum(f => f.Length), collect.GetProperty("bytes").GetInt64());
        Assert.Equal(0, collect.GetProperty("errors").GetInt64());
        Assert.True(collect.GetProperty("dropped").GetInt64() >= 0);
        return collect;
    }

    private void AssertNoMisses()
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(_temp.File("stats.json")));
        Assert.True(stats.RootElement.GetProperty("framesProcessed").GetInt64() >= 20);
        Assert.Equal(0, stats.RootElement.GetProperty("misses").GetInt64());
    }
}
