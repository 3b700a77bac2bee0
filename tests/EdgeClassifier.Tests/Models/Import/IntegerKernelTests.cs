using EdgeClassifier.Models.Import;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>ONNX Runtime fuses the imported QDQ graph into integer kernels.</summary>
public sealed class IntegerKernelTests
{
    [Theory]
    [InlineData("mobilenet_v2_1.0_224_quant.tflite", new[] { "QLinearConv", "QLinearAdd", "QLinearAveragePool", "QLinearSoftmax" })]
    [InlineData("mobilenet_v1_0.25_128_quant.tflite", new[] { "QLinearConv", "QLinearAveragePool", "QLinearSoftmax" })]
    public void OptimizedGraphRunsIntegerKernels(string tflite, string[] expectedOperators)
    {
        using var folder = new TempFolder();
        var imported = TfliteImporter.Import(SharedModels.Coral(tflite), folder.File("model.onnx"));
        var optimizedPath = folder.File("optimized.onnx");
        using (var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            OptimizedModelFilePath = optimizedPath,
        })
        using (new InferenceSession(imported.OutputPath, options))
        {
        }

        var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath));
        var operators = optimized.Graph.Node.Select(n => n.OpType).ToHashSet();
        Assert.Superset(expectedOperators.ToHashSet(), operators);
        // Each fused kernel replaces its float twin entirely: none is left running in float.
        Assert.All(expectedOperators, integer => Assert.DoesNotContain(integer["QLinear".Length..], operators));
    }
}
