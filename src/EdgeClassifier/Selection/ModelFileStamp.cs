using System.Globalization;

namespace EdgeClassifier.Selection;

/// <summary>
/// What identifies a model file's content cheaply: its size and last write time, read through a symbolic link to
/// the file it names (so a link pointed at another file counts as a change).
/// </summary>
/// <param name="Length">The file's size in bytes.</param>
/// <param name="LastWriteTicks">Its last write time, UTC ticks.</param>
public sealed record ModelFileStamp(long Length, long LastWriteTicks)
{
    /// <summary>The stamp of <paramref name="path"/> (or of the file a link there names).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static ModelFileStamp Of(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            file = target;
        }

        return new ModelFileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
    }

    /// <summary>e.g. <c>498550 bytes, written 2026-12-02T14:21:00.0000000Z</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Length} bytes, written {new DateTime(LastWriteTicks, DateTimeKind.Utc):O}");
}
