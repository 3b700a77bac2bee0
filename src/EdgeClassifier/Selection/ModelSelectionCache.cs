using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeClassifier.Selection;

/// <summary>
/// The choice <c>Model:Select=auto</c> made, kept in the state directory: the settings and model files it was made
/// for (name → size and write time), the chosen model and the table that justified it.
/// </summary>
public sealed record ModelSelectionCache
{
    /// <summary>The measuring settings and board (<see cref="ModelSelectionSettings.Key"/>).</summary>
    public required string Settings { get; init; }

    /// <summary>Each candidate's file name and <see cref="ModelFileStamp"/> text.</summary>
    public required SortedDictionary<string, string> Files { get; init; }

    /// <summary>The chosen model file.</summary>
    public required string Model { get; init; }

    /// <summary>The comparison table, as logged when it was measured.</summary>
    public required string Table { get; init; }

    /// <summary>When it was measured.</summary>
    public DateTimeOffset MeasuredAt { get; init; }

    /// <summary>The cache in <paramref name="file"/>, or null when there is none or it cannot be read (then it is measured again).</summary>
    public static ModelSelectionCache? Read(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), ModelSelectionCacheJson.Default.ModelSelectionCache) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the cache through a temporary file, so a crash never leaves half a file.</summary>
    public void Write(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, ModelSelectionCacheJson.Default.ModelSelectionCache));
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>What differs from the settings and files now, in a few words; null when the choice still holds.</summary>
    public string? Difference(string settings, IReadOnlyDictionary<string, string> files)
    {
        if (settings != Settings)
        {
            return $"the settings changed (were: {Settings}; now: {settings})";
        }

        var changes = new List<string>();
        changes.AddRange(files.Keys.Where(name => !Files.ContainsKey(name)).Select(name => $"{name} added"));
        changes.AddRange(Files.Keys.Where(name => !files.ContainsKey(name)).Select(name => $"{name} removed"));
        changes.AddRange(files.Where(f => Files.TryGetValue(f.Key, out string? was) && was != f.Value).Select(f => $"{f.Key} changed ({Files[f.Key]} → {f.Value})"));
        if (changes.Count > 0)
        {
            return string.Join(", ", changes);
        }

        return File.Exists(Model) ? null : $"{Model} is gone";
    }
}
