using System.Text.Json;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Tests.Cli;
using Xunit.Abstractions;

namespace EdgeClassifier.Tests.Models;

/// <summary>
/// <c>edgeclassifier train</c> teaches the embedding extractor four classes ImageNet-trained MobileNet has no
/// single label for (cat, bird, food, person) from a dataset built here: crops and flips of the shared photos,
/// one subfolder per source scene so validation holds out whole scenes. Then the exported model must work in
/// <see cref="ImageClassifier"/>, <c>classify</c> and <c>run</c> without anything else.
/// </summary>
public sealed class TrainCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string Backbone = "mobilenet_v1_1.0_224_quant_embedding_extractor.onnx";

    // Chance is 1/4. The held-out scenes are different photos from the ones trained on (a parrot when trained on
    // a chickadee and an owl, crisps when trained on a hot dog), so we do not ask for perfection, but a head that
    // learned the classes rather than the photos must get at least three in four held-out crops right.
    private const double RequiredValidationAccuracy = 0.75;

    // Class → scenes → photos. cat.bmp/resized_cat.bmp and cat_720p/cat_1080p are the same shots at two sizes,
    // so each pair is one scene: they must never be split across training and validation.
    private static readonly Dictionary<string, Dictionary<string, string[]>> Classes = new()
    {
        ["cat"] = new() { ["cat"] = ["cat.bmp", "resized_cat.bmp"], ["cat_hd"] = ["cat_720p.jpg", "cat_1080p.jpg"] },
        ["bird"] = new() { ["bird"] = ["bird.bmp"], ["parrot"] = ["parrot.jpg"], ["owl"] = ["owl.jpg"] },
        ["food"] = new() { ["hot_dog"] = ["hot_dog.jpg"], ["chips"] = ["missvickie_potato_chips.bmp"] },
        ["person"] = new() { ["grace_hopper"] = ["grace_hopper.bmp"], ["face"] = ["face.jpg"], ["squat"] = ["squat.bmp"] },
    };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Trained_classifier_validates_and_works_in_classify_and_run()
    {
        string dataset = _temp.File("dataset");
        foreach (var (label, scenes) in Classes)
        {
            foreach (var (scene, photos) in scenes)
            {
                foreach (string photo in photos)
                {
                    PhotoVariants.Write(SharedAssets.Image(photo), Path.Combine(dataset, label, scene));
                }
            }
        }

        string model = _temp.File("pets.onnx");
        string[] args =
        [
            "train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", model,
            "--validation", "0.34", "--seed", "7", "--augment", "2", "--epochs", "150", "--cache", _temp.File("cache"), "--json",
        ];
        var first = CliProcess.Run(args);
        Assert.True(first.ExitCode == 0, first.Error);
        output.WriteLine(first.Output);
        using var report = JsonDocument.Parse(first.Output);
        JsonElement root = report.RootElement;

        // One scene per class held out, named by scene: never a single crop of a scene that is also trained on.
        string[] heldOut = root.GetProperty("validationGroups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        Assert.Equal(Classes.Count, heldOut.Length);
        Assert.All(heldOut, group => Assert.Contains(group.Split('/')[1], Classes[group.Split('/')[0]].Keys));
        Assert.Equal("softmax", root.GetProperty("method").GetString());
        double validationAccuracy = root.GetProperty("validationAccuracy").GetDouble();
        Assert.True(validationAccuracy >= RequiredValidationAccuracy, $"validation accuracy {validationAccuracy:P1} < {RequiredValidationAccuracy:P0}");
        Assert.All(Classes.Keys, label => Assert.True(root.GetProperty("perClass").GetProperty(label).GetProperty("count").GetInt32() >= 6));

        // A second run finds every embedding in the cache and trains the same head.
        var second = CliProcess.Run(args);
        Assert.True(second.ExitCode == 0, second.Error);
        using var again = JsonDocument.Parse(second.Output);
        Assert.Equal(0, again.RootElement.GetProperty("embedded").GetInt32());
        Assert.Equal(root.GetProperty("embedded").GetInt32(), again.RootElement.GetProperty("cached").GetInt32());
        Assert.Equal(validationAccuracy, again.RootElement.GetProperty("validationAccuracy").GetDouble());

        using (var classifier = ImageClassifier.Load(new ModelOptions { Path = model }))
        {
            Assert.Equal(["bird", "cat", "food", "person"], classifier.Contract.Labels);
            Assert.Equal(OutputKind.Probabilities, classifier.Contract.OutputKind);
            Assert.Equal(Path.ChangeExtension(model, ".labels.txt"), classifier.Contract.LabelsPath);
        }

        // classify: the exported graph (backbone + normalisation + Gemm + Softmax in ONNX Runtime) must agree with
        // the head the trainer validated in C# on every held-out crop.
        var heldOutFiles = heldOut.SelectMany(g => Directory.GetFiles(Path.Combine(dataset, g)).Select(f => (File: f, Label: g.Split('/')[0]))).ToArray();
        var classified = CliProcess.Run(["classify", "--model", model, "--json", .. heldOutFiles.Select(f => f.File)]);
        Assert.True(classified.ExitCode == 0, classified.Error);
        var topLabels = classified.OutputLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("results")[0].GetProperty("label").GetString()!).ToArray();
        int correct = heldOutFiles.Where((f, i) => topLabels[i] == f.Label).Count();
        int validatedCorrect = root.GetProperty("perClass").EnumerateObject().Sum(c => c.Value.GetProperty("correct").GetInt32());
        output.WriteLine($"classify on {heldOutFiles.Length} held-out crops: {correct} right; trainer validated {validatedCorrect}");
        Assert.Equal(validatedCorrect, correct);

        // eval on the held-out scenes alone (folders named after the new labels) agrees as well.
        string heldOutSet = _temp.File("held-out");
        foreach (string group in heldOut)
        {
            string target = Path.Combine(heldOutSet, group);
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(Path.Combine(dataset, group)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var evaluated = CliProcess.Run("eval", "--model", model, "--json", heldOutSet);
        Assert.True(evaluated.ExitCode == 0, evaluated.Error);
        using var evaluation = JsonDocument.Parse(evaluated.Output);
        Assert.Equal(heldOutFiles.Length, evaluation.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(validationAccuracy, evaluation.RootElement.GetProperty("top1").GetDouble(), 1e-6);

        // run: the service loads the same file with no other settings and decides per frame as classify does.
        string frames = _temp.File("frames");
        Directory.CreateDirectory(frames);
        var expectedByFrame = new Dictionary<string, string>();
        foreach (var (file, _) in heldOutFiles.Where(f => f.File.EndsWith("_v0.jpg", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(frames, Path.GetFileName(file)));
            expectedByFrame[Path.GetFileName(file)] = topLabels[Array.FindIndex(heldOutFiles, f => f.File == file)];
        }

        string decisions = _temp.File("decisions.jsonl");
        var run = CliProcess.Run(
            "run", "--duration", "5s", "--Camera:Source=files", $"--Camera:Path={frames}", $"--Model:Path={model}",
            "--Decision:Mode=instant", "--decisions-out", decisions);
        Assert.True(run.ExitCode == 0, run.Error);
        var decided = File.ReadAllLines(decisions).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.NotEmpty(decided);
        foreach (JsonElement decision in decided)
        {
            string frame = Path.GetFileName(decision.GetProperty("frame").GetString()!);
            Assert.Equal(expectedByFrame[frame], decision.GetProperty("label").GetString());
        }
    }

    [Fact]
    public void Imprinting_from_one_photo_per_class_tells_the_classes_apart()
    {
        string dataset = _temp.File("tiny");
        foreach (var (label, photo) in new[] { ("bird", "parrot.jpg"), ("cat", "cat.bmp"), ("flower", "sunflower.bmp") })
        {
            Directory.CreateDirectory(Path.Combine(dataset, label));
            File.Copy(SharedAssets.Image(photo), Path.Combine(dataset, label, photo));
        }

        string model = _temp.File("tiny.onnx");
        var result = CliProcess.Run("train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", model, "--no-cache", "--augment", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("head: imprint", result.Output);
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = model });
        var ranker = new ResultRanker(classifier.Contract.Labels, new ClassificationOptions { MaxResults = 1 });
        var ranked = ranker.CreateResult();
        foreach (var (photo, label) in new[] { ("bird.bmp", "bird"), ("owl.jpg", "bird"), ("cat_720p.jpg", "cat"), ("resized_cat.bmp", "cat") })
        {
            classifier.Classify(ImageFileDecoder.Decode(SharedAssets.Image(photo)).View, ranker, ranked);
            Assert.True(ranked.Best.Label == label, $"{photo}: {ranked.Best.Label} ({ranked.Best.Score:F3}), expected {label}");
        }
    }

    [Fact]
    public void Bad_inputs_are_one_line_errors()
    {
        string dataset = _temp.File("one-class");
        Directory.CreateDirectory(Path.Combine(dataset, "cat"));
        File.Copy(SharedAssets.Image("cat.bmp"), Path.Combine(dataset, "cat", "cat.bmp"));

        var oneClass = CliProcess.Run("train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", _temp.File("x.onnx"), "--no-cache");
        Directory.CreateDirectory(Path.Combine(dataset, "bird"));
        File.Copy(SharedAssets.Image("bird.bmp"), Path.Combine(dataset, "bird", "bird.bmp"));
        var badOutput = CliProcess.Run(
            "train", "--backbone", SharedAssets.OnnxModel("mobilenet_v2_1.0_224_quant_float.onnx"), "--embedding-output", "no_such_tensor",
            dataset, "-o", _temp.File("x.onnx"), "--no-cache");
        var badFraction = CliProcess.Run("train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", _temp.File("x.onnx"), "--validation", "1.5");
        var badFolder = CliProcess.Run("train", "--backbone", SharedAssets.OnnxModel(Backbone), dataset, "-o", _temp.File("no/such/folder/x.onnx"), "--no-cache");

        Assert.Equal(2, oneClass.ExitCode);
        Assert.Contains("at least two classes", oneClass.Error);
        Assert.Equal(2, badOutput.ExitCode);
        Assert.Contains("'no_such_tensor'", badOutput.Error);
        Assert.Equal(2, badFolder.ExitCode);
        Assert.Contains("does not exist", badFolder.Error);
        Assert.Equal(2, badFraction.ExitCode);
        Assert.Contains("--validation", badFraction.Error);
        Assert.False(File.Exists(_temp.File("x.onnx")));
    }
}
