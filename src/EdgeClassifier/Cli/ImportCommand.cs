using System.CommandLine;
using System.Diagnostics;
using EdgeClassifier.Models.Import;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary><c>edgeclassifier import MODEL.tflite|MODEL.zip -o OUT.onnx [--labels PATH]</c>: TFLite → ONNX.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL")
        {
            Description = "A TFLite image classifier: a .tflite file, or a zip holding one .tflite and its labels .txt",
        };
        var output = new Option<string>("--output", "-o") { Description = "The ONNX model to write", Required = true };
        var labels = new Option<string?>("--labels")
        {
            Description = "A labels file, one label per output index (overrides labels found in the model or zip)",
        };
        var command = new Command("import", "Convert a TFLite image classifier to ONNX, keeping its quantization and labels")
        {
            model,
            output,
            labels,
        };
        command.SetAction(parsed => Run(parsed.GetValue(model)!, parsed.GetValue(output)!, parsed.GetValue(labels)));
        return command;
    }

    private static int Run(string modelPath, string outputPath, string? labelsPath)
    {
        var stopwatch = Stopwatch.StartNew();
        ImportResult result;
        try
        {
            result = TfliteImporter.Import(modelPath, outputPath, labelsPath);
        }
        catch (ModelImportException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        var labelsNote = result.LabelsPath is null ? "no labels" : $"{result.LabelCount} labels in {result.LabelsPath}";
        Console.WriteLine(
            $"imported {modelPath} -> {result.OutputPath}: {result.OperatorCount} operators, {labelsNote}, {stopwatch.ElapsedMilliseconds} ms");
        return ExitCodes.Success;
    }
}
