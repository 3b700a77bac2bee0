namespace EdgeClassifier.State;

/// <summary>
/// Whether the service can keep files in a directory: it is created when missing (as the part using it would) and a
/// probe file is written and deleted. Run at start, so a directory outside the unit's writable paths, on a read-only
/// file system or under a file is a configuration error (exit 2, naming the option) before anything opens — not a
/// part failing later while the service runs.
/// </summary>
public static class WritableDirectory
{
    /// <summary>Why <paramref name="directory"/> cannot be written, as a short cause; null when it can.</summary>
    public static string? Problem(string directory)
    {
        string probe = Path.Combine(directory, $".edgeclassifier-write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(directory);
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ex.Message.ReplaceLineEndings(" ");
        }
    }
}
