namespace EdgeClassifier.Models.Import;

/// <summary>
/// The labels of an imported classifier, one per output index, and <see cref="Offset"/>: how many leading outputs
/// are not real classes (1 when output 0 is "background", as in the ImageNet models with 1001 outputs).
/// </summary>
internal sealed record ImportedLabels(string[] Lines, int Offset, string Origin)
{
    private const string Background = "background";

    /// <summary>
    /// Picks the labels: <paramref name="explicitPath"/> if given, else the file the metadata names, else the only
    /// text file that came with the model (or the one named like labels). Null when there are none.
    /// </summary>
    public static ImportedLabels? Resolve(ImportSource source, TfliteMetadata metadata, string? explicitPath, int classCount)
    {
        var (lines, origin) = Pick(source, metadata, explicitPath);
        if (lines is null)
        {
            return null;
        }

        var labels = lines.Select(l => l.Trim()).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToArray();
        if (labels.Length == classCount)
        {
            var offset = string.Equals(labels[0], Background, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return new ImportedLabels(labels, offset, origin);
        }

        // A list without the "background" class of a 1001-output model: line i must still be output i.
        if (labels.Length == classCount - 1)
        {
            return new ImportedLabels([Background, .. labels], 1, origin);
        }

        throw new ModelImportException($"{origin}: {labels.Length} labels, but the model has {classCount} outputs");
    }

    private static (string[]? Lines, string Origin) Pick(ImportSource source, TfliteMetadata metadata, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? (File.ReadAllLines(explicitPath), explicitPath)
                : throw new ModelImportException($"{explicitPath}: labels file not found");
        }

        if (metadata.LabelFileName is { } named && source.TextFiles.TryGetValue(named, out var namedLines))
        {
            return (namedLines, $"{source.ModelFileName}:{named}");
        }

        var candidates = source.TextFiles.Count == 1
            ? source.TextFiles.ToArray()
            : source.TextFiles.Where(f => Path.GetFileName(f.Key).Contains("label", StringComparison.OrdinalIgnoreCase)).ToArray();
        return candidates.Length == 1 ? (candidates[0].Value, $"{source.ModelFileName}:{candidates[0].Key}") : (null, "");
    }
}
