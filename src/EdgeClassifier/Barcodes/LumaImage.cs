using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// A reusable 8-bit brightness buffer holding (part of) one frame, with what is needed to place codes found in it
/// back on the whole frame. Its array is allocated when the frame size first appears and reused after that, so
/// copying a frame into it allocates nothing.
/// </summary>
public sealed class LumaImage
{
    private byte[] _pixels = [];

    /// <summary>The luma, <see cref="Width"/> × <see cref="Height"/> bytes, rows packed without padding.</summary>
    public byte[] Pixels => _pixels;

    /// <summary>Columns held.</summary>
    public int Width { get; private set; }

    /// <summary>Rows held.</summary>
    public int Height { get; private set; }

    /// <summary>Where the held rectangle sits in the frame and the frame's size, to normalise code positions.</summary>
    public PixelRegion Region { get; private set; }

    /// <summary>Width of the frame the rectangle was taken from.</summary>
    public int FrameWidth { get; private set; }

    /// <summary>Height of the frame the rectangle was taken from.</summary>
    public int FrameHeight { get; private set; }

    /// <summary>The frame's sequence number.</summary>
    public long Sequence { get; private set; }

    /// <summary>When the frame was captured (UTC).</summary>
    public DateTimeOffset Timestamp { get; private set; }

    /// <summary>Copies the luma of <paramref name="regionOfInterest"/> (normalised, null = all) of <paramref name="image"/>.</summary>
    public void CopyFrom(ImageView image, float[]? regionOfInterest, long sequence, DateTimeOffset timestamp)
    {
        PixelRegion region = PixelRegion.Of(regionOfInterest, image.Width, image.Height);
        if (_pixels.Length != region.Width * region.Height)
        {
            _pixels = new byte[region.Width * region.Height];
        }

        LumaExtractor.Extract(image, region, _pixels);
        Width = region.Width;
        Height = region.Height;
        Region = region;
        FrameWidth = image.Width;
        FrameHeight = image.Height;
        Sequence = sequence;
        Timestamp = timestamp;
    }
}
