namespace EdgeClassifier.Benchmarks;

/// <summary>Finds ../shared/models next to the repository the benchmark was built from.</summary>
internal static class SharedModels
{
    public static string Directory { get; } = Find();

    public static string Onnx(string name) => Path.Combine(Directory, "onnx", name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeClassifier.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
            }
        }

        return Environment.GetEnvironmentVariable("EDGECLASSIFIER_SHARED_MODELS")
            ?? throw new InvalidOperationException("Set EDGECLASSIFIER_SHARED_MODELS to the shared models folder.");
    }
}
