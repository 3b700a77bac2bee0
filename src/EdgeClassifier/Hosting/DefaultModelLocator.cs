namespace EdgeClassifier.Hosting;

/// <summary>
/// Where the service looks for a model when none is configured: a <c>models/</c> folder in the working directory,
/// next to the program (an install), or above it (a source checkout, where scripts/fetch-models.sh puts them).
/// </summary>
public static class DefaultModelLocator
{
    /// <summary>The preferred default, then any other .onnx file found.</summary>
    public const string PreferredModel = "mobilenet_v2_1.0_224_quant.onnx";

    /// <summary>The folders searched, nearest first.</summary>
    public static IEnumerable<string> SearchFolders()
    {
        yield return Path.Combine(Environment.CurrentDirectory, "models");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "models");
        }
    }

    /// <summary>The nearest folder holding a model (for <c>Model:Select=auto</c>), or null when none does.</summary>
    public static string? FindFolder() =>
        SearchFolders().FirstOrDefault(folder => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.onnx").Any());

    /// <summary>The default model path, or null when no folder holds one.</summary>
    public static string? Find()
    {
        foreach (string folder in SearchFolders().Where(Directory.Exists))
        {
            string preferred = Path.Combine(folder, PreferredModel);
            if (File.Exists(preferred))
            {
                return preferred;
            }

            string? any = Directory.EnumerateFiles(folder, "*.onnx").Order(StringComparer.Ordinal).FirstOrDefault();
            if (any is not null)
            {
                return any;
            }
        }

        return null;
    }
}
