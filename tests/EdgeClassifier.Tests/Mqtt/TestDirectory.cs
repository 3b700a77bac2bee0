namespace EdgeClassifier.Tests.Mqtt;

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public TestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeclassifier-mqtt-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file; the OS cleans temp eventually.
        }
    }
}
