namespace EdgeClassifier.Models.Import;

/// <summary>
/// The TFLite bytes to convert and the label files that came with them: from a starter-style zip (a .tflite and a
/// labels .txt) or from the zip of associated files appended to a .tflite.
/// </summary>
internal sealed record ImportSource(string ModelFileName, byte[] Model, IReadOnlyDictionary<string, string[]> TextFiles)
{
    public static ImportSource Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelImportException($"{path}: file not found");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelImportException($"{path}: cannot read it ({ex.Message})", ex);
        }

        try
        {
            if (TfliteModelReader.HasTfliteIdentifier(bytes) || !EmbeddedZip.StartsWithZip(bytes))
            {
                using var appended = EmbeddedZip.OpenTrailing(bytes);
                var files = appended is null ? [] : EmbeddedZip.ReadTextEntries(appended, IsText, path);
                return new ImportSource(Path.GetFileName(path), bytes, files);
            }

            return FromStarterZip(path, bytes);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelImportException($"{path}: corrupt zip archive ({ex.Message})", ex);
        }
    }

    private static ImportSource FromStarterZip(string path, byte[] bytes)
    {
        using var archive = EmbeddedZip.OpenTrailing(bytes)
            ?? throw new ModelImportException($"{path}: truncated or corrupt zip file");
        var models = archive.Entries.Where(e => e.FullName.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (models.Length != 1)
        {
            throw new ModelImportException(models.Length == 0
                ? $"{path}: the zip holds no .tflite model"
                : $"{path}: the zip holds {models.Length} .tflite models ({string.Join(", ", models.Select(m => m.FullName))}); expected one");
        }

        var model = EmbeddedZip.ReadEntry(models[0], EmbeddedZip.MaxModelEntryBytes, path);
        var files = EmbeddedZip.ReadTextEntries(archive, IsText, path);

        // The model may carry its own associated files too; the zip's files win on a name clash.
        using var appended = EmbeddedZip.OpenTrailing(model);
        if (appended is not null)
        {
            foreach (var (name, lines) in EmbeddedZip.ReadTextEntries(appended, IsText, path))
            {
                files.TryAdd(name, lines);
            }
        }

        return new ImportSource(Path.GetFileName(models[0].FullName), model, files);
    }

    private static bool IsText(string name) => name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
}
