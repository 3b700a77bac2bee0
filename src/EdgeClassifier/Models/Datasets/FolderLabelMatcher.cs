namespace EdgeClassifier.Models.Datasets;

/// <summary>
/// Matches dataset folder names to a model's labels: a mapping file entry first (<c>folder=label</c>), then the
/// exact label, then case-insensitively, then one of the comma-separated synonyms of a label line such as
/// <c>tabby, tabby cat</c> (underscores in folder names read as spaces).
/// </summary>
public static class FolderLabelMatcher
{
    /// <summary>The label index for each folder, in the order of <paramref name="folders"/>.</summary>
    /// <exception cref="DatasetException">A folder matches no label or the same label as another, or a mapping entry names an unknown label.</exception>
    public static int[] Match(IReadOnlyList<string> folders, IReadOnlyList<string> labels, IReadOnlyDictionary<string, string> mapping)
    {
        var indices = new int[folders.Count];
        for (int i = 0; i < folders.Count; i++)
        {
            string folder = folders[i];
            if (mapping.TryGetValue(folder, out string? mapped))
            {
                indices[i] = Find(mapped, labels)
                    ?? throw new DatasetException($"mapping: folder '{folder}' is mapped to '{mapped}', which is not one of the model's {labels.Count} labels");
            }
            else
            {
                indices[i] = Find(folder, labels)
                    ?? throw new DatasetException(
                        $"folder '{folder}' matches none of the model's {labels.Count} labels; rename it or map it with --mapping (a line '{folder}=LABEL')");
            }
        }

        for (int i = 0; i < folders.Count; i++)
        {
            int first = Array.IndexOf(indices, indices[i]);
            if (first < i)
            {
                throw new DatasetException(
                    $"folders '{folders[first]}' and '{folders[i]}' both match label '{labels[indices[i]]}'; merge them or map one elsewhere");
            }
        }

        return indices;
    }

    /// <summary>Reads a mapping file: <c>folder=label</c> per line; blank lines and lines starting with # are ignored.</summary>
    /// <exception cref="DatasetException">The file is missing or a line has no '='.</exception>
    public static Dictionary<string, string> ReadMapping(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot read the mapping file ({ex.Message})", ex);
        }

        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int equals = line.IndexOf('=');
            if (equals <= 0 || equals == line.Length - 1)
            {
                throw new DatasetException($"{path}:{n + 1}: expected 'folder=label', got '{line}'");
            }

            mapping[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return mapping;
    }

    /// <summary>The index of the label <paramref name="name"/> names (exactly, case-insensitively or as a synonym), or null.</summary>
    public static int? Find(string name, IReadOnlyList<string> labels)
    {
        foreach (StringComparison comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            for (int i = 0; i < labels.Count; i++)
            {
                if (string.Equals(labels[i], name, comparison))
                {
                    return i;
                }
            }
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].Split(',').Any(synonym => string.Equals(Normalise(synonym), Normalise(name), StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }

        return null;
    }

    // Folder names often spell spaces as underscores ("tiger_cat" for "tiger cat").
    private static string Normalise(string name) => name.Replace('_', ' ').Trim();
}
