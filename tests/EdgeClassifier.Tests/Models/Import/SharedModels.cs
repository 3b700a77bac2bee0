namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Paths to the shared read-only test models (../shared/models next to the repository).</summary>
internal static class SharedModels
{
    public static readonly string Root = FindRoot();

    public static string Coral(string fileName) => Path.Combine(Root, "coral", fileName);

    public static string Onnx(string fileName) => Path.Combine(Root, "onnx", fileName);

    public static string Image(string fileName) => Path.Combine(Root, "images", fileName);

    public static string[] CoralModels() =>
        Directory.GetFiles(Path.Combine(Root, "coral"), "*.tflite").Select(Path.GetFileName).Order().ToArray()!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeClassifier.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
            }
        }

        throw new InvalidOperationException("EdgeClassifier.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("edgeclassifier-import-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
