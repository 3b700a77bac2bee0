using System.Security.Cryptography;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// <c>Model:ValidationDataset</c> in a rollout, on a real service process: a candidate must reach
/// <c>Model:MinAccuracy</c> top-1 on the labelled folder before it replaces the running model.
/// </summary>
[Collection(nameof(TimedRunCollection))]
public sealed class RolloutValidationDatasetTests
{
    private const string Configured = "mobilenet_v1_0.5_160_quant.onnx";
    private const string Candidate = "mobilenet_v1_0.25_128_quant.onnx";

    [Fact]
    public async Task A_candidate_is_accepted_only_when_its_top1_on_the_validation_dataset_reaches_MinAccuracy()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        using var server = new ModelServer();
        var fleet = new FleetCli(broker.Port);

        // Five shared photos the candidate gets right, each in the folder of its label.
        string dataset = directory.File("dataset");
        foreach (var (label, image) in new[]
                 {
                     ("chickadee", "bird.bmp"), ("macaw", "parrot.jpg"), ("daisy", "sunflower.bmp"),
                     ("packet", "missvickie_potato_chips.bmp"), ("dumbbell", "squat.bmp"),
                 })
        {
            Directory.CreateDirectory(Path.Combine(dataset, label));
            File.Copy(SharedAssets.Image(image), Path.Combine(dataset, label, image));
        }

        // The same model with its labels shifted by one line: a classic packaging mistake, right count, every name wrong.
        var labels = File.ReadAllLines(SharedAssets.LabelsFile);
        string shifted = directory.File("shifted-labels.txt");
        File.WriteAllLines(shifted, [.. labels.Skip(1), labels[0]]);

        using var device = ServiceProcess.Start(directory.Path,
            "run", "--Camera:Source=synthetic", "--Camera:Fps=10", "--Camera:Width=320", "--Camera:Height=240", "--Runtime:Threads=1",
            $"--Model:Path={SharedAssets.OnnxModel(Configured)}", "--Model:ValidationFrames=10", "--Model:ValidationTimeoutSeconds=300",
            $"--Model:ValidationDataset={dataset}", "--Model:MinAccuracy=0.8", "--Pipeline:BudgetMs=1000",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={broker.Port}", "--Mqtt:DeviceId=v1", $"--State:Directory={directory.File("state")}",
            "--Web:Enabled=false");
        await fleet.WaitAsync(list => list.TryGetValue("v1", out var d) && (string?)d["availability"] == "online", "the device online",
            () => device.Output);

        string modelUrl = server.Serve(Candidate, SharedAssets.OnnxModel(Candidate));
        string modelSha = Sha256(SharedAssets.OnnxModel(Candidate));
        var good = fleet.Run("command", "v1", "model",
            $"{{\"url\":\"{modelUrl}\",\"sha256\":\"{modelSha}\",\"version\":\"right-labels\"," +
            $"\"labels\":{{\"url\":\"{server.Serve("labels.txt", SharedAssets.LabelsFile)}\",\"sha256\":\"{Sha256(SharedAssets.LabelsFile)}\"}}}}");
        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        await fleet.WaitAsync(list => (string?)list["v1"]["rollout"]?["stage"] == "active" && (string?)list["v1"]["modelVersion"] == "right-labels",
            "the candidate with the right labels active", () => device.Output);
        Assert.Matches(@"Model right-labels on this board: p50 [\d.]+ ms, p95 [\d.]+ ms over \d+ frames, top-1 (0\.80|1\.00)", device.Output);

        var bad = fleet.Run("command", "v1", "model",
            $"{{\"url\":\"{modelUrl}\",\"sha256\":\"{modelSha}\",\"version\":\"shifted-labels\"," +
            $"\"labels\":{{\"url\":\"{server.Serve("shifted.txt", shifted)}\",\"sha256\":\"{Sha256(shifted)}\"}}}}");
        Assert.True(bad.ExitCode == 0, bad.Output + bad.Error);
        var list = await fleet.WaitAsync(list => ((string?)list["v1"]["rollout"]?["stage"])?.StartsWith("rejected", StringComparison.Ordinal) == true,
            "the candidate with shifted labels rejected", () => device.Output);
        Assert.Equal($"rejected: top-1 0.00 < 0.80 on {dataset}", (string?)list["v1"]["rollout"]!["stage"]);
        Assert.Equal("right-labels", (string?)list["v1"]["modelVersion"]);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
