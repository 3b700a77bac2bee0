using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace EdgeClassifier.Models.Metadata;

/// <summary>
/// Reads and updates an ONNX model's <c>metadata_props</c> without loading it into a session — e.g. the
/// <c>accuracy</c> that <c>train</c> and <c>eval --write-metadata</c> record and model selection ranks by.
/// </summary>
public static class ModelMetadataFile
{
    /// <summary>Top-1 accuracy (a fraction 0..1) measured on a labelled dataset.</summary>
    public const string AccuracyKey = "accuracy";

    /// <summary>What the accuracy was measured on (a dataset folder name and image count).</summary>
    public const string AccuracyDatasetKey = "accuracy_dataset";

    /// <summary>The model's metadata entries.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidProtocolBufferException">The file is not an ONNX model.</exception>
    public static IReadOnlyDictionary<string, string> Read(string modelPath)
    {
        using FileStream stream = File.OpenRead(modelPath);
        ModelProto model = ModelProto.Parser.ParseFrom(stream);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto entry in model.MetadataProps)
        {
            entries[entry.Key] = entry.Value;
        }

        return entries;
    }

    /// <summary>The recorded top-1 accuracy, or null when the model has none (or an unreadable one).</summary>
    public static double? Accuracy(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(AccuracyKey, out string? text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && value is >= 0 and <= 1
            ? value
            : null;

    /// <summary>
    /// Sets <paramref name="entries"/> in the model's metadata (replacing entries of the same key) and rewrites the
    /// file through a temporary file, so a reader never sees half a model.
    /// </summary>
    public static void Update(string modelPath, IReadOnlyDictionary<string, string> entries)
    {
        ModelProto model;
        using (FileStream input = File.OpenRead(modelPath))
        {
            model = ModelProto.Parser.ParseFrom(input);
        }

        var kept = model.MetadataProps.Where(p => !entries.ContainsKey(p.Key)).ToArray();
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(kept);
        foreach (var (key, value) in entries)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        string temporary = modelPath + ".tmp";
        using (FileStream output = File.Create(temporary))
        {
            model.WriteTo(output);
        }

        File.Move(temporary, modelPath, overwrite: true);
    }

    /// <summary>An accuracy as the metadata stores it: invariant, four decimals.</summary>
    public static string Format(double accuracy) => accuracy.ToString("0.####", CultureInfo.InvariantCulture);
}
