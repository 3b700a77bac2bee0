using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Outputs.Collection;

/// <summary>
/// One frame on its way from the frame thread to the collection writer: a raw copy of the camera buffer and what the
/// frame was classified as. Slots are made once and reused; <see cref="State"/> says who owns one.
/// </summary>
internal sealed class CollectSlot
{
    public const int Free = 0;
    public const int Filling = 1;
    public const int Ready = 2;
    public const int Writing = 3;

    /// <summary>Free (nobody), Filling (frame thread), Ready (queued), Writing (writer thread); changed with Interlocked.</summary>
    public int State;

    public byte[] Pixels = [];
    public int Length;
    public PixelFormat Format;
    public int Width;
    public int Height;
    public int Stride;
    public long Sequence;

    /// <summary>Queue order: the writer takes the lowest first.</summary>
    public long Order;

    /// <summary>Wall-clock time of the copy (UTC ticks).</summary>
    public long UtcTicks;

    /// <summary>The frame's name (the file the files source read), or null.</summary>
    public string? FrameName;

    public Category[] Top = [];
    public int Count;
    public float FirstScore;
    public float SecondScore;
    public bool Ambiguous;
    public CollectReason Reason;

    /// <summary>The copied frame, valid while this slot is owned.</summary>
    public ImageView Image => new(Pixels.AsSpan(0, Length), Format, Width, Height, Stride);

    /// <summary>Copies <paramref name="frame"/> and <paramref name="result"/> in; allocates only when a frame or top-K is larger than any before.</summary>
    public void Fill(Frame frame, ClassificationResult result, CollectReason reason)
    {
        ReadOnlySpan<byte> data = frame.Image.Data;
        if (Pixels.Length < data.Length)
        {
            Pixels = new byte[data.Length];
        }

        data.CopyTo(Pixels);
        Length = data.Length;
        (Format, Width, Height, Stride) = (frame.Image.Format, frame.Image.Width, frame.Image.Height, frame.Image.Stride);
        Sequence = frame.Sequence;
        FrameName = frame.Name;
        UtcTicks = DateTime.UtcNow.Ticks;
        ReadOnlySpan<Category> top = result.Top;
        if (Top.Length < top.Length)
        {
            Top = new Category[top.Length];
        }

        top.CopyTo(Top);
        Count = top.Length;
        (FirstScore, SecondScore, Ambiguous, Reason) = (result.FirstScore, result.SecondScore, result.Ambiguous, reason);
    }
}
