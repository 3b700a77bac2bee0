namespace EdgeClassifier.Inference;

/// <summary>
/// Finds and reads a classifier's labels: one label per line, line i naming output index i (as TFLite's and
/// torchvision's label files do).
/// </summary>
public static class LabelsFile
{
    /// <summary>The file names tried next to a model, in order, when neither config nor metadata names one.</summary>
    public static IEnumerable<string> SidecarCandidates(string modelPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        yield return modelPath + ".labels.txt";
        yield return Path.Combine(directory, Path.GetFileNameWithoutExtension(modelPath) + ".labels.txt");
        yield return Path.Combine(directory, "labels.txt");
    }

    /// <summary>
    /// Picks the labels file: the explicit path, else the model metadata's <c>labels</c> entry (relative to the
    /// model's folder), else a sidecar file.
    /// </summary>
    public static string Locate(string modelPath, string? explicitPath, string? metadataName)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(metadataName))
        {
            string named = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, metadataName);
            if (File.Exists(named))
            {
                return named;
            }

            tried.Add(named + " (named by the model's 'labels' metadata)");
        }

        foreach (string candidate in SidecarCandidates(modelPath))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }

            tried.Add(candidate);
        }

        throw new ModelLoadException(
            $"{modelPath}: no labels file found (tried {string.Join(", ", tried)}); pass one with --labels or Model:Labels.");
    }

    /// <summary>Reads the labels; a trailing empty line is ignored, an empty or unreadable file is an error.</summary>
    public static string[] Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{path}: cannot read the labels file ({ex.Message}).", ex);
        }

        int count = lines.Length;
        while (count > 0 && string.IsNullOrWhiteSpace(lines[count - 1]))
        {
            count--;
        }

        if (count == 0)
        {
            throw new ModelLoadException($"{path}: the labels file is empty.");
        }

        if (lines.Take(count).Any(line => line.Contains('\0')))
        {
            throw new ModelLoadException($"{path}: not a text labels file (it contains NUL bytes).");
        }

        return lines.Take(count).Select(line => line.Trim()).ToArray();
    }
}
