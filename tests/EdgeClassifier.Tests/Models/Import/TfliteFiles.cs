using System.IO.Compression;
using System.Text;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Builds test inputs from the shared models: a .tflite without its appended zip, zips of labels.</summary>
internal static class TfliteFiles
{
    /// <summary>The flatbuffer part of a .tflite, without the zip of associated files appended to it.</summary>
    public static byte[] WithoutAppendedZip(string tflitePath)
    {
        var bytes = File.ReadAllBytes(tflitePath);
        var end = bytes.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        if (end < 0)
        {
            return bytes;
        }

        // Offsets count from the file start or from the archive start; base is where they count from.
        var directorySize = BitConverter.ToInt32(bytes, end + 12);
        var directoryOffset = BitConverter.ToInt32(bytes, end + 16);
        var directory = end - directorySize;
        var offsetBase = directory - directoryOffset;
        var firstLocalHeader = BitConverter.ToInt32(bytes, directory + 42);
        return bytes[..(offsetBase + firstLocalHeader)];
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Lines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
}
