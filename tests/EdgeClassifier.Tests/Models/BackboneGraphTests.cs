using EdgeClassifier.Inference;
using EdgeClassifier.Models.Training;
using EdgeClassifier.Tests.Cli;
using Onnx;

namespace EdgeClassifier.Tests.Models;

/// <summary>Training on any classifier cut at a named tensor (the float MobileNet V2's average pool).</summary>
public sealed class BackboneGraphTests : IDisposable
{
    private const string Classifier = "mobilenet_v2_1.0_224_quant_float.onnx";
    private const string PoolTensor = "t169_pool";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Named_tensor_becomes_the_only_output_and_the_old_classifier_is_pruned()
    {
        BackboneGraph full = BackboneGraph.Load(SharedAssets.OnnxModel(Classifier), embeddingOutput: null);
        int fullNodes = full.Model.Graph.Node.Count;
        BackboneGraph cut = BackboneGraph.Load(SharedAssets.OnnxModel(Classifier), PoolTensor);

        Assert.Equal("output", full.EmbeddingName);
        Assert.Equal(PoolTensor, Assert.Single(cut.Model.Graph.Output).Name);
        Assert.True(cut.Model.Graph.Node.Count < fullNodes);
        Assert.DoesNotContain(cut.Model.Graph.Node, n => n.OpType is "Softmax" or "Gemm" or "MatMul");
        Assert.True(cut.ToBytes().Length < new FileInfo(SharedAssets.OnnxModel(Classifier)).Length * 3 / 4, "the 1280×1001 classifier weights are still there");
    }

    [Fact]
    public void Train_on_a_named_tensor_exports_a_float_classifier_with_the_backbone_normalisation()
    {
        string dataset = _temp.File("dataset");
        foreach (var (label, photo) in new[] { ("bird", "parrot.jpg"), ("cat", "cat.bmp"), ("flower", "sunflower.bmp") })
        {
            Directory.CreateDirectory(Path.Combine(dataset, label));
            File.Copy(SharedAssets.Image(photo), Path.Combine(dataset, label, photo));
        }

        string model = _temp.File("from-v2.onnx");
        var result = CliProcess.Run(
            "train", "--backbone", SharedAssets.OnnxModel(Classifier), "--embedding-output", PoolTensor, dataset, "-o", model, "--no-cache", "--augment", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        var exported = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        Assert.Equal(["Flatten", "LpNormalization", "Gemm", "Softmax"], exported.Graph.Node.TakeLast(4).Select(n => n.OpType));
        Assert.Equal("output", Assert.Single(exported.Graph.Output).Name);
        var metadata = exported.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("from-v2.labels.txt", metadata["labels"]);
        Assert.Equal(PoolTensor, metadata["embedding_output"]);
        Assert.Equal("127.5", metadata["input_mean"]);
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = model });
        Assert.Equal(["bird", "cat", "flower"], classifier.Contract.Labels);
        Assert.Equal(EdgeClassifier.Preprocessing.TensorElementType.Float32, classifier.Contract.Input.ElementType);
    }
}
