using System.Globalization;
using System.Text.Json;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Outputs.Collection;

/// <summary>
/// The collection directory: one folder per top-1 label (<c>train</c>'s dataset layout), in it a JPEG and a JSON
/// sidecar per frame. Frames from a named source (the files camera) go into a subfolder named after the source file,
/// so <c>train</c> keeps every frame of one photo on the same side of its validation split. Holds the count and disk
/// quota: it counts what the directory already holds at start (and again when asked), and refuses a frame that would
/// go over either limit. Used by the writer thread only.
/// </summary>
public sealed class CollectedFrameStore
{
    /// <summary>The folder of frames without any label that passed the thresholds.</summary>
    public const string NoLabelFolder = "_none";

    private static readonly JsonWriterOptions Indented = new() { Indented = true };
    private readonly int _width;
    private readonly JpegSnapshotEncoder _encoder;
    private Preprocessor? _preprocessor;
    private byte[] _rgb = [];
    private long _images;
    private long _bytes;
    private long _saved;
    private long _limited;
    private long _errors;
    private volatile bool _full;

    /// <param name="directory">Where the label folders go.</param>
    /// <param name="maxFiles">Images the directory may hold.</param>
    /// <param name="maxBytes">Bytes the directory's files may take.</param>
    /// <param name="width">JPEG width (0 = the frame's).</param>
    /// <param name="quality">JPEG quality.</param>
    public CollectedFrameStore(string directory, int maxFiles, long maxBytes, int width, int quality)
    {
        Directory = directory;
        MaxFiles = maxFiles;
        MaxBytes = maxBytes;
        _width = width;
        _encoder = new JpegSnapshotEncoder(0, quality);
        Scan();
    }

    public string Directory { get; }

    public int MaxFiles { get; }

    public long MaxBytes { get; }

    /// <summary>Images in the directory (as last counted, plus those saved since).</summary>
    public long Images => Interlocked.Read(ref _images);

    /// <summary>Bytes the directory's files take (as last counted, plus those saved since).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Frames saved since the start.</summary>
    public long Saved => Interlocked.Read(ref _saved);

    /// <summary>Frames refused because a limit was reached.</summary>
    public long Limited => Interlocked.Read(ref _limited);

    /// <summary>Frames that could not be written.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>A limit is reached: nothing more is taken until a <see cref="Scan"/> finds room.</summary>
    public bool Full => _full;

    /// <summary>Counts the images and bytes the directory holds now.</summary>
    public void Scan()
    {
        long images = 0, bytes = 0;
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (FileInfo file in new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                bytes += file.Length;
                images += file.Extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            }
        }

        Interlocked.Exchange(ref _images, images);
        Interlocked.Exchange(ref _bytes, bytes);
        _full = images >= MaxFiles || bytes >= MaxBytes;
    }

    /// <summary>Why the last frame could not be written, or null.</summary>
    public string? LastError { get; private set; }

    internal void CountError(string reason)
    {
        LastError = reason;
        Interlocked.Increment(ref _errors);
    }

    /// <summary>Converts, encodes and writes the frame in <paramref name="slot"/>, unless it would break a limit.</summary>
    internal void Save(CollectSlot slot, string? model)
    {
        if (_full)
        {
            Interlocked.Increment(ref _limited);
            return;
        }

        using SnapshotFrame rgb = ToRgb(slot);
        byte[] jpeg = _encoder.Encode(rgb);
        string? label = slot.Count > 0 ? slot.Top[0].Label : null;
        string folder = Path.Combine(Directory, label is null ? NoLabelFolder : FolderName(label));
        if (slot.FrameName is { Length: > 0 } name)
        {
            folder = Path.Combine(folder, FolderName(Path.GetFileNameWithoutExtension(name)));
        }

        var time = new DateTime(slot.UtcTicks, DateTimeKind.Utc);
        string stem = string.Create(CultureInfo.InvariantCulture, $"{time:yyyyMMdd'T'HHmmss'.'fff'Z'}-{slot.Sequence}");
        byte[] sidecar = Sidecar(slot, stem + ".jpg", label, time, model, rgb.Width, rgb.Height);
        if (Images + 1 > MaxFiles || Bytes + jpeg.Length + sidecar.Length > MaxBytes)
        {
            _full = true;
            Interlocked.Increment(ref _limited);
            return;
        }

        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, stem + ".jpg"), jpeg);
        File.WriteAllBytes(Path.Combine(folder, stem + ".json"), sidecar);
        Interlocked.Increment(ref _images);
        Interlocked.Add(ref _bytes, jpeg.Length + sidecar.Length);
        Interlocked.Increment(ref _saved);
        _full = Images >= MaxFiles || Bytes >= MaxBytes;
    }

    /// <summary>A label as a folder name: path separators and control characters become <c>_</c>.</summary>
    public static string FolderName(string label)
    {
        string name = new(label.Select(c => c is '/' or '\\' || char.IsControl(c) ? '_' : c).ToArray());
        name = name.Trim();
        return name is "" or "." or ".." ? "_" : name;
    }

    private SnapshotFrame ToRgb(CollectSlot slot)
    {
        int width = _width == 0 ? slot.Width : Math.Min(_width, slot.Width);
        int height = Math.Max(1, (int)Math.Round((double)slot.Height * width / slot.Width));
        if (_preprocessor is null || _preprocessor.Spec.Width != width || _preprocessor.Spec.Height != height)
        {
            _preprocessor = new Preprocessor(InputTensorSpec.UInt8(width, height), PreprocessOptions.Default);
            _rgb = new byte[width * height * 3];
        }

        _preprocessor.Run(slot.Image, _rgb);
        return SnapshotFrame.Copy(_rgb, width, height, slot.Sequence);
    }

    private static byte[] Sidecar(CollectSlot slot, string image, string? label, DateTime time, string? model, int width, int height)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString("image", image);
            json.WriteString("label", label);
            if (slot.Count > 0)
            {
                json.WriteNumber("index", slot.Top[0].Index);
                json.WriteNumber("score", Math.Round(slot.Top[0].Score, 6));
            }
            else
            {
                json.WriteNull("index");
                json.WriteNumber("score", Math.Round(slot.FirstScore, 6));
            }

            json.WriteString("reason", slot.Reason switch
            {
                CollectReason.Ambiguous => "ambiguous",
                CollectReason.BelowScore => "belowScore",
                CollectReason.Command => "command",
                _ => "label",
            });
            json.WriteBoolean("ambiguous", slot.Ambiguous);
            json.WriteNumber("margin", Math.Round(slot.FirstScore - slot.SecondScore, 6));
            json.WriteStartArray("top");
            for (int i = 0; i < slot.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("index", slot.Top[i].Index);
                json.WriteString("label", slot.Top[i].Label);
                json.WriteNumber("score", Math.Round(slot.Top[i].Score, 6));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("timestamp", time);
            json.WriteNumber("sequence", slot.Sequence);
            json.WriteString("frame", slot.FrameName);
            json.WriteString("model", model);
            json.WriteNumber("width", width);
            json.WriteNumber("height", height);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
