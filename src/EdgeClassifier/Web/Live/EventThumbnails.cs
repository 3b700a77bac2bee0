using System.Collections.Concurrent;
using EdgeClassifier.Outputs.Snapshots;

namespace EdgeClassifier.Web.Live;

/// <summary>
/// Small JPEGs of the frames that changed the label, kept in memory for the page's event list (the SD card is not
/// written for viewers). Encoded off the frame path from the frame copies the snapshot tap keeps.
/// </summary>
public sealed class EventThumbnails(ISnapshotFrameProvider frames)
{
    private const int Width = 240;
    private readonly JpegSnapshotEncoder _encoder = new(Width, quality: 70);
    private readonly ConcurrentDictionary<long, byte[]> _images = new();

    /// <summary>Encodes frame <paramref name="sequence"/> (or the newest held) as event <paramref name="id"/>'s thumbnail.</summary>
    public bool Capture(long id, long sequence)
    {
        using SnapshotFrame? frame = frames.Copy(sequence);
        if (frame is null)
        {
            return false;
        }

        _images[id] = _encoder.Encode(frame);
        return true;
    }

    /// <summary>The JPEG of event <paramref name="id"/>, or null when it has none or is gone.</summary>
    public byte[]? Get(long id) => _images.GetValueOrDefault(id);

    /// <summary>Drops the thumbnail of an event that left the list.</summary>
    public void Forget(long id) => _images.TryRemove(id, out _);
}
