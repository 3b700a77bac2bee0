using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Models.Metadata;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Models;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Collection;

/// <summary>
/// The whole loop of issue 18 on one running service: the device runs the pretrained MobileNet over camera frames
/// (the <c>files</c> source replaying shots of the shared photos) and collects them with a high ambiguity margin; a
/// person (scripted here) moves each collected frame into the folder of what it really shows; <c>train</c> learns the
/// device's own classes from the original photos plus the collected folders; on held-out frames — whole scenes the
/// new model never saw, split by source photo — the new model beats the old one; <c>reload</c> makes the running
/// service use it, and <c>compare</c> shows old against new.
/// </summary>
/// <remarks>
/// What "the old model's accuracy" means here: the device's classes (cat, bird, food, person) are not ImageNet
/// labels, so the old model gets the most generous honest reading — a frame counts as right when its top-1 is any
/// ImageNet label of that kind (every cat breed for cat, every bird species for bird, every dish for food, the three
/// person labels ballplayer, groom and scuba diver for person). It cannot name a person in a uniform or doing squats
/// at all, which is the reason to retrain; on the classes it does have it is strong. Both are scored on exactly the
/// same held-out frames, the ones the device collected.
/// </remarks>
[Collection(nameof(TimedRunCollection))]
public sealed class LearningLoopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DeviceId = "loop1";
    private const string OldModel = "mobilenet_v2_1.0_224_quant.onnx";
    private const string Backbone = "mobilenet_v1_1.0_224_quant_embedding_extractor.onnx";
    private const string NewModel = "loop-new.onnx";

    // Class → scene → photos of it (cat.bmp/resized_cat.bmp and cat_720p/cat_1080p are one shot each at two sizes).
    // The camera looks at the first photo of each scene.
    private static readonly Dictionary<string, Dictionary<string, string[]>> Classes = new()
    {
        ["cat"] = new() { ["cat"] = ["cat.bmp", "resized_cat.bmp"], ["cat_hd"] = ["cat_720p.jpg", "cat_1080p.jpg"] },
        ["bird"] = new() { ["bird"] = ["bird.bmp"], ["parrot"] = ["parrot.jpg"], ["owl"] = ["owl.jpg"] },
        ["food"] = new() { ["hot_dog"] = ["hot_dog.jpg"], ["chips"] = ["missvickie_potato_chips.bmp"] },
        ["person"] = new() { ["grace_hopper"] = ["grace_hopper.bmp"], ["face"] = ["face.jpg"], ["squat"] = ["squat.bmp"] },
    };

    // The ImageNet output indices (labels file line numbers) that count as each class for the old model.
    private static readonly Dictionary<string, Func<int, bool>> OldModelMeans = new()
    {
        ["cat"] = i => i is >= 282 and <= 286,
        ["bird"] = i => i is (>= 8 and <= 25) or (>= 81 and <= 101) or (>= 128 and <= 147),
        ["food"] = i => i is (>= 925 and <= 958) or (>= 960 and <= 966),
        ["person"] = i => i is >= 982 and <= 984,
    };

    private readonly TempDirectory _directory = new();
    private ServiceOnBroker? _device;

    private string Collected => _directory.File("collected");

    private string Config => _directory.File("config.json");

    public async Task InitializeAsync() => _device = await ServiceOnBroker.StartBrokerAsync(_directory, DeviceId);

    [Fact]
    public async Task Collected_and_sorted_frames_retrain_a_model_that_beats_the_old_one_on_held_out_scenes_and_reload_deploys_it()
    {
        // The user's labelled photos (crops and flips of each, one folder per scene), and what the camera sees.
        string original = _directory.File("original");
        string camera = _directory.File("camera");
        var sceneOfFrame = new Dictionary<string, (string Label, string Scene)>();
        foreach (var (label, scenes) in Classes)
        {
            foreach (var (scene, photos) in scenes)
            {
                foreach (string photo in photos)
                {
                    PhotoVariants.Write(SharedAssets.Image(photo), Path.Combine(original, label, scene));
                }

                foreach (string frame in CameraFrames.Write(SharedAssets.Image(photos[0]), scene, camera))
                {
                    sceneOfFrame[Path.GetFileName(frame)] = (label, scene);
                }
            }
        }

        // 1. The device runs the pretrained model (Model:Path in the config file, which reload re-reads) and collects
        //    every frame: a margin of 1 finds every result ambiguous.
        WriteConfig(SharedAssets.OnnxModel(OldModel));
        ServiceOnBroker device = _device!;
        await device.StartAsync(_directory.Path,
            "--config", Config, "--Camera:Source=files", $"--Camera:Path={camera}", "--Camera:Fps=10", "--Runtime:Threads=1",
            "--Pipeline:BudgetMs=500", "--Decision:Mode=instant",
            "--Collect:Enabled=true", "--Collect:AmbiguityMargin=1", "--Collect:IntervalMs=0", $"--Collect:Directory={Collected}",
            "--Collect:Width=224", $"--State:Directory={_directory.File("state")}");
        await device.WaitUntilAsync(() => CollectedFrames().Select(f => f.Frame).ToHashSet().IsSupersetOf(sceneOfFrame.Keys), "every camera frame collected", 120);
        Assert.True((bool)(await device.SendAsync("pause", ""))["ok"]!);
        await WaitForWriterToFinish();
        output.WriteLine($"collected {CollectedFrames().Count} frames of {sceneOfFrame.Count} camera frames");

        // 2. The person sorts: each frame into the folder of what it shows (its scene), one frame per camera shot
        //    (repeats of a shot are deleted), and the old model's label folders go.
        foreach (var group in CollectedFrames().GroupBy(f => f.Frame))
        {
            var (label, scene) = sceneOfFrame[group.Key];
            string target = Path.Combine(Collected, label, scene);
            Directory.CreateDirectory(target);
            string kept = group.First().Image;
            File.Move(kept, Path.Combine(target, Path.GetFileName(kept)));
            File.Move(Path.ChangeExtension(kept, ".json"), Path.Combine(target, Path.GetFileName(Path.ChangeExtension(kept, ".json"))));
            foreach (var (repeat, _) in group.Skip(1))
            {
                File.Delete(repeat);
                File.Delete(Path.ChangeExtension(repeat, ".json"));
            }
        }

        foreach (string folder in Directory.GetDirectories(Collected).Where(d => !Classes.ContainsKey(Path.GetFileName(d))))
        {
            Assert.Empty(Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories));
            Directory.Delete(folder, recursive: true);
        }

        Assert.Equal(Classes.Keys.Order(), Directory.GetDirectories(Collected).Select(Path.GetFileName).Order());

        // 3. Retrain from the original and the collected folders; validation holds out whole scenes of both. The old
        //    model is scored on the same held-out images, each class meaning the ImageNet labels of its kind.
        string newModel = _directory.File(NewModel);
        string[] imagenet = File.ReadAllLines(SharedAssets.LabelsFile);
        File.WriteAllLines(_directory.File("old-labels.txt"), OldModelMeans.Select(c =>
            $"{c.Key}={string.Join('|', Enumerable.Range(0, imagenet.Length).Where(c.Value).Select(i => imagenet[i]))}"));
        var trained = CliProcess.Run(TimeSpan.FromMinutes(3),
            "train", "--backbone", SharedAssets.OnnxModel(Backbone), original, Collected, "-o", newModel,
            "--baseline", SharedAssets.OnnxModel(OldModel), "--baseline-mapping", _directory.File("old-labels.txt"), "--validation", "0.34", "--seed", "7", "--augment", "2", "--epochs", "150",
            "--cache", _directory.File("cache"), "--json");
        Assert.True(trained.ExitCode == 0, trained.Error);
        output.WriteLine(trained.Output);
        using var report = JsonDocument.Parse(trained.Output);
        string[] heldOut = report.RootElement.GetProperty("validationGroups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        Assert.Equal(Classes.Count, heldOut.Length);
        double trainedBefore = report.RootElement.GetProperty("baselineAccuracy").GetDouble();
        double trainedAfter = report.RootElement.GetProperty("validationAccuracy").GetDouble();
        Assert.True(trainedBefore > 0 && trainedBefore < trainedAfter, $"train's before/after: {trainedBefore:P1} / {trainedAfter:P1}");

        // 4. Old against new on the held-out frames: the collected frames of scenes the new model was not trained on.
        var heldOutFrames = heldOut
            .SelectMany(group => Directory.GetFiles(Path.Combine(Collected, group), "*.jpg").Select(file => (File: file, Label: group.Split('/')[0])))
            .ToArray();
        Assert.Equal(Classes.Count * CameraFrames.PerPhoto, heldOutFrames.Length);
        string[] files = heldOutFrames.Select(f => f.File).ToArray();
        int[] oldTop = Classify(SharedAssets.OnnxModel(OldModel), files).Select(r => r.Index).ToArray();
        string[] newTop = Classify(newModel, files).Select(r => r.Label).ToArray();
        double oldAccuracy = heldOutFrames.Where((f, i) => OldModelMeans[f.Label](oldTop[i])).Count() / (double)files.Length;
        double newAccuracy = heldOutFrames.Where((f, i) => newTop[i] == f.Label).Count() / (double)files.Length;
        output.WriteLine($"held-out scenes {string.Join(", ", heldOut)}: old {oldAccuracy:P1}, new {newAccuracy:P1}");
        // Measured with seeds 1 to 5 and 7 (each holds out other scenes): old 50–75 % (at most 75 %: no person label),
        // new 91.7–100 %. The split, the augmentation and the full-batch training are seeded, so a seed gives the same
        // result every run; the margin is what keeps it there across machines.
        Assert.True(newAccuracy > oldAccuracy, $"new {newAccuracy:P1} does not beat old {oldAccuracy:P1} on {string.Join(", ", heldOut)}");

        var metadata = ModelMetadataFile.Read(newModel);
        Assert.Equal("1", metadata["version"]);
        Assert.Equal(report.RootElement.GetProperty("validationAccuracy").GetDouble(), ModelMetadataFile.Accuracy(metadata)!.Value, 1e-4);

        // 5. Deploy: the config names the new model, reload re-reads it, and the running service decides with it.
        WriteConfig(newModel);
        Assert.True((bool)(await device.SendAsync("reload", ""))["ok"]!);
        Assert.True((bool)(await device.SendAsync("resume", ""))["ok"]!);
        var state = await device.WithOutput(() => device.Probe.WaitForAsync(
            $"{device.Base}/state", m => JsonNode.Parse(m.Text)?["model"]?.GetValue<string>() == NewModel, seconds: 60));
        Assert.Contains((string)JsonNode.Parse(state.Text)!["label"]!, Classes.Keys);
        await device.StatsAsync(s => (string?)s["model"] == NewModel);

        // 6. compare shows old against new (accuracy from metadata: the new model's held-out accuracy, none for the old).
        var compared = CliProcess.Run(TimeSpan.FromMinutes(3),
            "compare", SharedAssets.OnnxModel(OldModel), newModel, "--budget", "1000", "--runs", "20", "--warmup", "5", "--json");
        Assert.True(compared.ExitCode == 0, compared.Error);
        using var table = JsonDocument.Parse(compared.Output);
        Assert.Equal(NewModel, table.RootElement.GetProperty("recommended").GetString());
        JsonElement newRow = table.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == NewModel);
        Assert.Equal(ModelMetadataFile.Accuracy(metadata)!.Value, newRow.GetProperty("top1").GetDouble(), 1e-4);
        Assert.Contains(table.RootElement.GetProperty("models").EnumerateArray(), m => m.GetProperty("model").GetString() == OldModel);
    }

    public async Task DisposeAsync()
    {
        if (_device is not null)
        {
            await _device.DisposeAsync();
        }

        _directory.Dispose();
    }

    private void WriteConfig(string model) =>
        File.WriteAllText(Config, new JsonObject { ["Model"] = new JsonObject { ["Path"] = model } }.ToJsonString());

    /// <summary>Every collected image with the camera frame (file) its sidecar names (once the sidecar is complete).</summary>
    private List<(string Image, string Frame)> CollectedFrames() => !Directory.Exists(Collected)
        ? []
        : Directory.GetFiles(Collected, "*.jpg", SearchOption.AllDirectories)
            .Select(image => (Image: image, Frame: FrameOf(Path.ChangeExtension(image, ".json"))!))
            .Where(collected => collected.Frame is not null)
            .Order()
            .ToList();

    private static string? FrameOf(string sidecar)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(sidecar))!["frame"]!.GetValue<string>();
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            // Not written yet, or still being written by the service.
            return null;
        }
    }

    /// <summary>
    /// Paused: two stats documents published after the pause agree on the frames processed, and the writer has saved
    /// every frame the disk holds.
    /// </summary>
    private async Task WaitForWriterToFinish()
    {
        string topic = $"{_device!.Base}/stats";
        int skip = _device.Probe.Messages.Count(m => m.Topic == topic);
        await _device.WaitUntilAsync(() =>
        {
            JsonNode[] after = _device.Probe.Messages.Where(m => m.Topic == topic).Skip(skip).Select(m => JsonNode.Parse(m.Text)!).ToArray();
            return after.Length >= 2
                && (long)after[^1]["framesProcessed"]! == (long)after[^2]["framesProcessed"]!
                && (long)after[^1]["collect"]!["saved"]! == Directory.GetFiles(Collected, "*.jpg", SearchOption.AllDirectories).Length;
        }, "the collection writer idle after pause", 60);
    }

    private static IEnumerable<(string Label, int Index)> Classify(string model, string[] files)
    {
        var run = CliProcess.Run(["classify", "--model", model, "--top-k", "1", "--json", .. files]);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.OutputLines.Select(line =>
        {
            JsonElement best = JsonDocument.Parse(line).RootElement.GetProperty("results")[0];
            return (best.GetProperty("label").GetString()!, best.GetProperty("index").GetInt32());
        });
    }
}
