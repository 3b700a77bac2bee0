namespace EdgeClassifier.Selection;

/// <summary>Turns the models a comparison was given — files and folders of them — into a list of model files.</summary>
public static class ModelCandidates
{
    /// <summary>
    /// Each path that is a folder stands for its <c>*.onnx</c> files (not subfolders), in name order; a file stands for
    /// itself. Duplicates are dropped.
    /// </summary>
    /// <exception cref="ArgumentException">A path does not exist, or a folder holds no ONNX model; the message names it.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] models = Directory.GetFiles(path, "*.onnx").Order(StringComparer.Ordinal).ToArray();
                if (models.Length == 0)
                {
                    throw new ArgumentException($"{path}: no .onnx model in this folder");
                }

                files.AddRange(models);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new ArgumentException($"{path}: no such model file or folder");
            }
        }

        return files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToArray();
    }
}
