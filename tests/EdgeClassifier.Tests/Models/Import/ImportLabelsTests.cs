using EdgeClassifier.Models.Import;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Labels come along from TFLite metadata, an appended zip, a starter zip or --labels.</summary>
public sealed class ImportLabelsTests : IDisposable
{
    private const string Model = "mobilenet_v1_0.25_128_quant.tflite";
    private readonly TempFolder _folder = new();
    private readonly string[] _imagenetLabels = File.ReadAllLines(SharedModels.Coral("imagenet_labels.txt"));

    [Fact]
    public void CoralModelBringsLabelsAndNormalisationFromItsMetadata()
    {
        var result = TfliteImporter.Import(SharedModels.Coral(Model), _folder.File("v1.onnx"));

        Assert.Equal(_folder.File("v1.labels.txt"), result.LabelsPath);
        Assert.Equal(_imagenetLabels, File.ReadAllLines(result.LabelsPath!));
        Assert.Equal("v1.labels.txt", result.Metadata["labels"]);
        Assert.Equal("1", result.Metadata["label_offset"]);
        Assert.Equal("127.5", result.Metadata["input_mean"]);
        Assert.Equal("127.5", result.Metadata["input_std"]);
        Assert.Equal("NHWC", result.Metadata["input_layout"]);
        Assert.Equal("uint8", result.Metadata["input_dtype"]);
        Assert.Equal(Model, result.Metadata["source"]);
    }

    [Fact]
    public void ModelWithoutMetadataTakesNormalisationFromInputQuantization()
    {
        var result = TfliteImporter.Import(SharedModels.Coral("mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"), _folder.File("e.onnx"));

        Assert.Null(result.LabelsPath);
        Assert.False(result.Metadata.ContainsKey("labels"));
        Assert.Equal("128", result.Metadata["input_mean"]);
        Assert.Equal("128", result.Metadata["input_std"]);
    }

    [Fact]
    public void TfliteWithAppendedLabelsZipImportsThoseLabels()
    {
        var labels = Enumerable.Range(0, 1001).Select(i => $"class {i}").ToArray();
        var path = _folder.File("appended.tflite");
        File.WriteAllBytes(path, [.. TfliteFiles.WithoutAppendedZip(SharedModels.Coral(Model)), .. TfliteFiles.Zip(("my_labels.txt", TfliteFiles.Lines(labels)))]);

        var result = TfliteImporter.Import(path, _folder.File("appended.onnx"));

        Assert.Equal(labels, File.ReadAllLines(result.LabelsPath!));
        Assert.Equal("0", result.Metadata["label_offset"]);
    }

    [Fact]
    public void StarterZipImportsTheModelAndItsLabels()
    {
        var path = _folder.File("mobilenet_v1_0.25_128_quant_and_labels.zip");
        File.WriteAllBytes(path, TfliteFiles.Zip(
            (Model, TfliteFiles.WithoutAppendedZip(SharedModels.Coral(Model))),
            ("labels_mobilenet_quant_v1_224.txt", TfliteFiles.Lines(_imagenetLabels))));

        var result = TfliteImporter.Import(path, _folder.File("starter.onnx"));

        Assert.Equal(_imagenetLabels, File.ReadAllLines(result.LabelsPath!));
        Assert.Equal("1", result.Metadata["label_offset"]);
        Assert.Equal(Model, result.Metadata["source"]);
    }

    [Fact]
    public void LabelsWithoutBackgroundGetItPrependedSoLineMatchesOutputIndex()
    {
        var labelsPath = _folder.File("imagenet1000.txt");
        File.WriteAllLines(labelsPath, _imagenetLabels[1..]);

        var result = TfliteImporter.Import(SharedModels.Coral(Model), _folder.File("explicit.onnx"), labelsPath);

        Assert.Equal(_imagenetLabels, File.ReadAllLines(result.LabelsPath!), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("1", result.Metadata["label_offset"]);
    }

    [Fact]
    public void LabelsThatDoNotFitTheOutputsAreRejected()
    {
        var labelsPath = _folder.File("ten.txt");
        File.WriteAllLines(labelsPath, Enumerable.Range(0, 10).Select(i => $"l{i}"));

        var error = Assert.Throws<ModelImportException>(() => TfliteImporter.Import(SharedModels.Coral(Model), _folder.File("bad.onnx"), labelsPath));

        Assert.Contains("10 labels, but the model has 1001 outputs", error.Message);
    }

    public void Dispose() => _folder.Dispose();
}
