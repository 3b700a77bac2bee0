using System.Globalization;
using Google.Protobuf;

namespace EdgeClassifier.Models.Import;

/// <summary>The files <see cref="TfliteImporter.Import"/> wrote and what it put in the model's metadata_props.</summary>
public sealed record ImportResult(
    string OutputPath,
    string? LabelsPath,
    int LabelCount,
    int OperatorCount,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Converts a TFLite image classifier (a .tflite, or a zip with a .tflite and its labels) to an ONNX model whose
/// metadata_props carry labels, input normalisation and source, so it runs with nothing else.
/// </summary>
public static class TfliteImporter
{
    /// <summary>
    /// Converts <paramref name="modelPath"/> to <paramref name="outputPath"/>, writing the labels next to it as
    /// <c>NAME.labels.txt</c>. Throws <see cref="ModelImportException"/> on bad input.
    /// </summary>
    public static ImportResult Import(string modelPath, string outputPath, string? labelsPath = null)
    {
        var source = ImportSource.Load(modelPath);
        var model = TfliteModelReader.Read(source.Model, source.ModelFileName);
        var metadata = TfliteMetadata.Read(model, source.ModelFileName);
        var graph = TfliteGraphConverter.Convert(model, source.ModelFileName);

        var output = model.Tensors[model.Outputs[0]];
        var labels = ImportedLabels.Resolve(source, metadata, labelsPath, output.Shape.LastOrDefault(1));
        var writtenLabels = labels is null ? null : Path.ChangeExtension(outputPath, ".labels.txt");
        var properties = MetadataProperties(model, metadata, source.ModelFileName, labels, writtenLabels);

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        if (!Directory.Exists(directory))
        {
            throw new ModelImportException($"{outputPath}: the folder {directory} does not exist");
        }

        using (var stream = File.Create(outputPath))
        {
            graph.ToModel("edgeclassifier import", properties).WriteTo(stream);
        }

        if (labels is not null)
        {
            File.WriteAllLines(writtenLabels!, labels.Lines);
        }

        return new ImportResult(outputPath, writtenLabels, labels?.Lines.Length ?? 0, model.Operators.Count, properties);
    }

    private static Dictionary<string, string> MetadataProperties(
        TfliteModel model, TfliteMetadata metadata, string sourceName, ImportedLabels? labels, string? labelsPath)
    {
        var input = TfliteGraphConverter.OfferedInput(model.Tensors[model.Inputs[0]]);
        var output = model.Tensors[model.Outputs[0]];
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = sourceName,
            ["tflite_input_name"] = input.Name,
            ["tflite_output_name"] = output.Name,
            ["input_layout"] = "NHWC",
            ["input_dtype"] = input.Type.ToString().ToLowerInvariant(),
            ["color_order"] = "RGB",
        };

        var (mean, std) = Normalization(input, metadata);
        if (mean is not null)
        {
            properties["input_mean"] = mean;
            properties["input_std"] = std!;
        }

        AddQuantization(properties, "input", input);
        AddQuantization(properties, "output", output);
        if (labels is not null)
        {
            properties["labels"] = Path.GetFileName(labelsPath!);
            properties["label_offset"] = labels.Offset.ToString(CultureInfo.InvariantCulture);
        }

        return properties;
    }

    /// <summary>
    /// The (pixel − mean) / std the model expects: from the metadata when it says, else implied by the input's
    /// quantization, under which raw bytes q mean scale·(q − zero point).
    /// </summary>
    private static (string? Mean, string? Std) Normalization(TfliteTensor input, TfliteMetadata metadata)
    {
        if (metadata.InputMean.Length > 0 && metadata.InputStd.Length > 0)
        {
            return (Format(metadata.InputMean), Format(metadata.InputStd));
        }

        if (input.Quantization is { IsPerAxis: false } q && input.Type == TfliteTensorType.UInt8)
        {
            return (Format([q.ZeroPoints[0]]), Format([1f / q.Scales[0]]));
        }

        return (null, null);
    }

    private static void AddQuantization(Dictionary<string, string> properties, string prefix, TfliteTensor tensor)
    {
        if (tensor.Quantization is { IsPerAxis: false } q)
        {
            properties[$"{prefix}_quant_scale"] = q.Scales[0].ToString("R", CultureInfo.InvariantCulture);
            properties[$"{prefix}_quant_zero_point"] = q.ZeroPoints[0].ToString(CultureInfo.InvariantCulture);
        }
    }

    // One value when every channel agrees (the usual case), else a comma-separated list per channel.
    private static string Format(float[] values) => values.Distinct().Count() == 1
        ? values[0].ToString("R", CultureInfo.InvariantCulture)
        : string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
