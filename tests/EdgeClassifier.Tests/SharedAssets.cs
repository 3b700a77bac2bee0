using System.Text.Json;

namespace EdgeClassifier.Tests;

/// <summary>
/// The team's shared, read-only models and images (../shared/models next to the repository). Tests read them in
/// place; they are never copied into the repository.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string> Root = new(FindRoot);
    private static readonly Lazy<JsonDocument> ExpectedDocument = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelsDirectory, "expected.json"))));

    /// <summary>The repository root (the folder holding EdgeClassifier.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    public static string ModelsDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "models"));

    /// <summary>../shared/barcodes: photos of real barcodes, one folder per set, each N.png beside N.txt holding its text.</summary>
    public static string BarcodesDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "barcodes"));

    public static string OnnxModel(string name) => Path.Combine(ModelsDirectory, "onnx", name);

    public static string Image(string name) => Path.Combine(ModelsDirectory, "images", name);

    public static string LabelsFile => Path.Combine(ModelsDirectory, "onnx", "imagenet_labels.txt");

    /// <summary>expected.json: reference top-5 and input hashes per (model, image).</summary>
    public static JsonElement Expected => ExpectedDocument.Value.RootElement;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeClassifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeClassifier.sln not found above " + AppContext.BaseDirectory);
    }
}
