namespace EdgeClassifier.Tests.Camera;

/// <summary>Finds the shared read-only test images next to the repository (<c>../shared/models/images</c>).</summary>
internal static class SharedImages
{
    public static string Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "EdgeClassifier.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models", "images"));
            }
        }

        throw new DirectoryNotFoundException("No EdgeClassifier.sln above the test binaries; cannot find ../shared/models.");
    }
}
