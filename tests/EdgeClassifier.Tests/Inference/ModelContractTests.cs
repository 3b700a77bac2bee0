using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Tests.Inference;

/// <summary>What the runtime reads from a model file, and the specific error for each way a model can be unusable.</summary>
public class ModelContractTests
{
    [Fact]
    public void Quantized_mobilenet_contract_is_read_from_the_file()
    {
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx") });
        ModelContract contract = classifier.Contract;
        Assert.Equal("input", contract.InputName);
        Assert.Equal(new InputTensorSpec(128, 128, TensorLayout.Nhwc, TensorElementType.UInt8, [0, 0, 0], [1, 1, 1]) with { Mean = contract.Input.Mean, Std = contract.Input.Std }, contract.Input);
        Assert.Equal(1001, contract.ClassCount);
        Assert.Equal("background", contract.Labels[0]);
        Assert.Equal("imagenet_labels.txt", Path.GetFileName(contract.LabelsPath));
    }

    [Fact]
    public void Float_nchw_mobilenet_takes_its_normalisation_from_metadata()
    {
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel("mobilenet_v2_1.0_224_quant_float.onnx") });
        InputTensorSpec input = classifier.Contract.Input;
        Assert.Equal((TensorLayout.Nchw, TensorElementType.Float32, 224, 224), (input.Layout, input.ElementType, input.Width, input.Height));
        Assert.Equal([127.5f, 127.5f, 127.5f], input.Mean);
        Assert.Equal([127.5f, 127.5f, 127.5f], input.Std);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Another_classifier_works_unchanged_float_logits_no_background_other_size(bool nchw)
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.ColourClassifier(dir.Path, width: 96, height: 80, nchw: nchw);
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = model });
        Assert.Equal((96, 80), (classifier.Contract.Input.Width, classifier.Contract.Input.Height));
        Assert.Equal(nchw ? TensorLayout.Nchw : TensorLayout.Nhwc, classifier.Contract.Input.Layout);
        var ranker = new ResultRanker(classifier.Contract.Labels, new ClassificationOptions { MaxResults = 3 });
        var result = ranker.CreateResult();

        foreach (var (rgb, expected) in new[] { ((byte)250, (byte)10, (byte)10), ((byte)5, (byte)240, (byte)5), ((byte)0, (byte)0, (byte)255) }.Zip(new[] { "red", "green", "blue" }))
        {
            byte[] pixels = new byte[64 * 48 * 3];
            for (int i = 0; i < pixels.Length; i += 3)
            {
                (pixels[i], pixels[i + 1], pixels[i + 2]) = rgb;
            }

            classifier.Classify(new ImageView(pixels, PixelFormat.Rgb24, 64, 48), ranker, result);
            Assert.Equal(expected, result.Best.Label);
            Assert.InRange(result.Top.ToArray().Sum(c => c.Score), 0.999f, 1.001f); // logits went through softmax
        }
    }

    [Fact]
    public void Missing_model_file_is_named()
    {
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions { Path = "/nonexistent/model.onnx" }));
        Assert.Equal("/nonexistent/model.onnx: model file not found.", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_rejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("model.onnx"), "this is not a protobuf model");
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions { Path = dir.File("model.onnx") }));
        Assert.StartsWith($"{dir.File("model.onnx")}: not a loadable ONNX model", ex.Message);
    }

    [Fact]
    public void A_model_whose_input_is_not_an_image_is_rejected()
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.VectorModel(dir.Path);
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions { Path = model, Labels = SharedAssets.LabelsFile }));
        Assert.Contains("input 'features' [1,10] Float is not an image input", ex.Message);
    }

    [Fact]
    public void Labels_count_mismatch_names_both_numbers()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.File("short.txt"), ["cat", "dog"]);
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions
        {
            Path = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx"),
            Labels = dir.File("short.txt"),
        }));
        Assert.Contains("2 labels, but model mobilenet_v1_0.25_128_quant.onnx has 1001 outputs", ex.Message);
    }

    [Fact]
    public void Float_model_without_normalisation_says_which_keys_to_set()
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.ColourClassifier(dir.Path, 32, 32, withNormalisation: false);
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions { Path = model }));
        Assert.Contains("float input with no normalisation: set Model:Mean and Model:Std", ex.Message);
        Assert.Contains("'input_mean' and 'input_std'", ex.Message);

        using var configured = ImageClassifier.Load(new ModelOptions { Path = model, Mean = [127.5f], Std = [127.5f] });
        Assert.Equal(127.5f, configured.Contract.Input.Std[2]);
    }

    [Fact]
    public void Unreadable_labels_file_is_named()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("labels-is-a-folder"));
        var ex = Assert.Throws<ModelLoadException>(() => ImageClassifier.Load(new ModelOptions
        {
            Path = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx"),
            Labels = dir.File("labels-is-a-folder"),
        }));
        Assert.StartsWith($"{dir.File("labels-is-a-folder")}: cannot read the labels file", ex.Message);
    }

    [Fact]
    public void Empty_labels_file_is_named()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("empty.txt"), "\n");
        var ex = Assert.Throws<ModelLoadException>(() => LabelsFile.Read(dir.File("empty.txt")));
        Assert.Equal($"{dir.File("empty.txt")}: the labels file is empty.", ex.Message);
    }

    [Fact]
    public void Sidecar_labels_are_found_next_to_the_model()
    {
        using var dir = new TempDirectory();
        string model = TinyOnnxModels.ColourClassifier(dir.Path, 32, 32);
        File.Delete(dir.File("colours.txt"));
        File.WriteAllLines(model + ".labels.txt", ["r", "g", "b"]);
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = model });
        Assert.Equal(["r", "g", "b"], classifier.Contract.Labels);
    }

    [Fact]
    public void Output_kind_is_read_from_the_graph()
    {
        using var quantized = ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx") });
        Assert.Equal(OutputKind.Probabilities, quantized.Contract.OutputKind);
        using var dir = new TempDirectory();
        using var linear = ImageClassifier.Load(new ModelOptions { Path = TinyOnnxModels.ColourClassifier(dir.Path, 16, 16) });
        Assert.Equal(OutputKind.Logits, linear.Contract.OutputKind);
    }
}
