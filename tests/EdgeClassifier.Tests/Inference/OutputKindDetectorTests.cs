using EdgeClassifier.Inference;

namespace EdgeClassifier.Tests.Inference;

public class OutputKindDetectorTests
{
    [Fact]
    public void Reading_the_output_kind_leaves_the_weights_in_the_file()
    {
        string model = SharedAssets.OnnxModel("mobilenet_v2_1.0_224_quant.onnx");
        string output;
        using (var classifier = ImageClassifier.Load(new ModelOptions { Path = model }))
        {
            output = classifier.Contract.OutputName;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        OutputKind kind = OutputKindDetector.Detect(model, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The graph's nodes are a few hundred KB of the 3.5 MB file; the weights are ONNX Runtime's to hold.
        Assert.Equal(OutputKind.Probabilities, kind);
        long fileBytes = new FileInfo(model).Length;
        Assert.True(allocated < fileBytes / 4, $"detecting the output kind allocated {allocated:N0} bytes for a {fileBytes:N0}-byte model");
    }
}
