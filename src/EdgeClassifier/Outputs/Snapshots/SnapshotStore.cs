using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// Writes snapshot files into one directory and keeps it bounded: files beyond <see cref="SnapshotOptions.MaxFiles"/>
/// or older than <see cref="SnapshotOptions.MaxAgeHours"/> are deleted, oldest first. Retention only ever touches
/// files named the way this store names them, so a directory shared with other files loses none of those.
/// </summary>
public sealed partial class SnapshotStore
{
    private const string TemporarySuffix = ".tmp";
    private readonly SnapshotOptions _options;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates a store over <see cref="SnapshotOptions.Directory"/> (created when missing) and deletes the temporary
    /// files a write cut short by a crash or power loss left behind.
    /// </summary>
    public SnapshotStore(SnapshotOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Directory.CreateDirectory(options.Directory);
        foreach (var leftover in new DirectoryInfo(options.Directory).GetFiles("*.jpg" + TemporarySuffix))
        {
            if (OwnFileName().IsMatch(Path.GetFileNameWithoutExtension(leftover.Name)))
            {
                leftover.Delete();
            }
        }
    }

    /// <summary>The directory the files are written to.</summary>
    public string DirectoryPath => _options.Directory;

    /// <summary>
    /// Writes <paramref name="jpeg"/> completely (under a temporary name, then renamed, so a reader never sees half a
    /// file), applies retention and returns the file name (without directory).
    /// </summary>
    public string Save(ReadOnlySpan<byte> jpeg, string reason, long sequence)
    {
        var now = _time.GetUtcNow();
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{now:yyyyMMdd'T'HHmmss'.'fff'Z'}_{sequence:D8}_{FileSafe(reason)}.jpg");
        string path = Path.Combine(_options.Directory, name);
        string temporary = path + TemporarySuffix;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(jpeg);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        ApplyRetention(now);
        return name;
    }

    /// <summary>Deletes files beyond the count limit and older than the age limit, oldest first.</summary>
    public void ApplyRetention(DateTimeOffset now)
    {
        var oldestAllowed = now.UtcDateTime - TimeSpan.FromHours(_options.MaxAgeHours);
        var files = new DirectoryInfo(_options.Directory).GetFiles("*.jpg")
            .Where(f => OwnFileName().IsMatch(f.Name))
            .OrderByDescending(f => f.Name, StringComparer.Ordinal) // names start with the UTC time
            .ToList();
        for (int i = 0; i < files.Count; i++)
        {
            if (i >= _options.MaxFiles || files[i].LastWriteTimeUtc < oldestAllowed)
            {
                files[i].Delete();
            }
        }
    }

    /// <summary>The names <see cref="Save"/> gives: UTC time, frame sequence, reason.</summary>
    [GeneratedRegex(@"^\d{8}T\d{6}\.\d{3}Z_\d{8,}_[A-Za-z0-9_-]{0,40}\.jpg$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnFileName();

    private static string FileSafe(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_').Take(40).ToArray());
}
