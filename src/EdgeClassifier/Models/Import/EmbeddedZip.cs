using System.IO.Compression;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// Finds a zip archive inside a file: a whole zip (a starter download) or one appended after a TFLite model,
/// which is how TFLite metadata carries its associated files.
/// </summary>
internal static class EmbeddedZip
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const int EndOfCentralDirectorySize = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>The most a text entry (labels, notes) may hold once decompressed; real label files are far smaller.</summary>
    public const int MaxTextEntryBytes = 4 << 20;

    /// <summary>The most a model entry may hold once decompressed: what one array can take, with room to spare.</summary>
    public const int MaxModelEntryBytes = 1 << 30;

    public static bool StartsWithZip(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual("PK\u0003\u0004"u8);

    /// <summary>Opens the zip at the end of <paramref name="bytes"/>, or returns null when there is none.</summary>
    public static ZipArchive? OpenTrailing(byte[] bytes)
    {
        var end = FindEndOfCentralDirectory(bytes);
        if (end < 0)
        {
            return null;
        }

        // Appended archives record offsets from their own start, so locate it from the central directory.
        var directorySize = BitConverter.ToUInt32(bytes, end + 12);
        var directoryOffset = BitConverter.ToUInt32(bytes, end + 16);
        var start = end - (long)directorySize - directoryOffset;
        if (start < 0)
        {
            return null;
        }

        try
        {
            var stream = new MemoryStream(bytes, (int)start, bytes.Length - (int)start, writable: false);
            return new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The text of every entry, by entry name, as lines.</summary>
    /// <exception cref="ModelImportException">An entry decompresses to more than <see cref="MaxTextEntryBytes"/>.</exception>
    public static Dictionary<string, string[]> ReadTextEntries(ZipArchive archive, Func<string, bool> include, string fileName)
    {
        var entries = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries.Where(e => e.Length > 0 && include(e.FullName)))
        {
            using var reader = new StreamReader(new MemoryStream(ReadEntry(entry, MaxTextEntryBytes, fileName)));
            entries[entry.FullName] = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        }

        return entries;
    }

    /// <summary>
    /// The decompressed bytes of <paramref name="entry"/>. The size the archive declares is not trusted: reading
    /// stops one byte past <paramref name="maxBytes"/>, so a small entry that inflates without end is caught.
    /// </summary>
    /// <exception cref="ModelImportException">The entry holds more than <paramref name="maxBytes"/>; the message names <paramref name="fileName"/>.</exception>
    public static byte[] ReadEntry(ZipArchiveEntry entry, int maxBytes, string fileName)
    {
        using var source = entry.Open();
        using var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1L - copy.Length))) > 0)
        {
            copy.Write(chunk, 0, read);
            if (copy.Length > maxBytes)
            {
                throw new ModelImportException($"{fileName}: zip entry '{entry.FullName}' holds more than {maxBytes} bytes once decompressed");
            }
        }

        return copy.ToArray();
    }

    private static int FindEndOfCentralDirectory(byte[] bytes)
    {
        var lowest = Math.Max(0, bytes.Length - EndOfCentralDirectorySize - MaxCommentLength);
        for (var i = bytes.Length - EndOfCentralDirectorySize; i >= lowest; i--)
        {
            if (BitConverter.ToUInt32(bytes, i) == EndOfCentralDirectorySignature
                && i + EndOfCentralDirectorySize + BitConverter.ToUInt16(bytes, i + 20) == bytes.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
