using EdgeClassifier.Hosting;
using EdgeClassifier.Cli;
using EdgeClassifier.Models.Import;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Bad model files give specific errors; the CLI turns them into exit code 2.</summary>
public sealed class ImportErrorTests : IDisposable
{
    private const string Model = "mobilenet_v1_0.25_128_quant.tflite";
    private static readonly TinyTflite.TensorSpec[] TwoTensors = [new("in", [1, 4]), new("activated", [1, 4])];
    private readonly TempFolder _folder = new();

    [Fact]
    public void TruncatedFileIsReportedAsTruncated()
    {
        var path = _folder.File("truncated.tflite");
        File.WriteAllBytes(path, File.ReadAllBytes(SharedModels.Coral(Model))[..200_000]);

        var error = Assert.Throws<ModelImportException>(() => Import(path));

        Assert.Equal("truncated.tflite: truncated or corrupt TFLite file (200000 bytes)", error.Message);
    }

    [Fact]
    public void TruncatedStarterZipIsReportedAsCorruptZip()
    {
        var zip = TfliteFiles.Zip((Model, File.ReadAllBytes(SharedModels.Coral(Model))), ("labels.txt", TfliteFiles.Lines(["a", "b"])));
        var path = _folder.File("starter.zip");
        File.WriteAllBytes(path, zip[..(zip.Length / 2)]);

        var error = Assert.Throws<ModelImportException>(() => Import(path));

        Assert.Equal($"{path}: truncated or corrupt zip file", error.Message);
    }

    [Fact]
    public void FileWithoutTfliteIdentifierIsRejected()
    {
        var error = Assert.Throws<ModelImportException>(() => Import(SharedModels.Coral("LICENSE")));

        Assert.Equal("LICENSE: not a TFLite model (no 'TFL3' identifier at byte 4)", error.Message);
    }

    [Fact]
    public void UnsupportedOperatorNamesOperatorAndTensor()
    {
        var path = _folder.File("tanh.tflite");
        File.WriteAllBytes(path, TinyTflite.Build(TwoTensors, [new(28, [0], [1])], [0], [1]));

        var error = Assert.Throws<ModelImportException>(() => Import(path));

        Assert.Equal("tanh.tflite: unsupported TFLite operator TANH producing tensor 'activated'", error.Message);
    }

    [Fact]
    public void OperatorCodeAbove127IsReadFromTheBuiltinCodeField()
    {
        // Newer files put 127 ("see builtin_code") in the old 8-bit field.
        var path = _folder.File("new_op.tflite");
        File.WriteAllBytes(path, TinyTflite.Build(TwoTensors, [new(150, [0], [1])], [0], [1]));

        var error = Assert.Throws<ModelImportException>(() => Import(path));

        Assert.Equal("new_op.tflite: unsupported TFLite operator builtin operator 150 producing tensor 'activated'", error.Message);
    }

    [Fact]
    public void CliExitsWith2OnBadInputAnd0OnSuccess()
    {
        Assert.Equal(ExitCodes.BadInput, CliApp.Run(["import", SharedModels.Coral("LICENSE"), "-o", _folder.File("x.onnx")]));
        Assert.Equal(ExitCodes.BadInput, CliApp.Run(["import", _folder.File("missing.tflite"), "-o", _folder.File("x.onnx")]));
        Assert.Equal(ExitCodes.Success, CliApp.Run(["import", SharedModels.Coral(Model), "-o", _folder.File("ok.onnx")]));
        Assert.True(File.Exists(_folder.File("ok.onnx")));
        Assert.True(File.Exists(_folder.File("ok.labels.txt")));
    }

    private ImportResult Import(string path) => TfliteImporter.Import(path, _folder.File("out.onnx"));

    public void Dispose() => _folder.Dispose();
}
