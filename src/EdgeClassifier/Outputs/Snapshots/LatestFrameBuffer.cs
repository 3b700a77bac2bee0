using System.Buffers;

namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>
/// The default <see cref="ISnapshotFrameProvider"/>: the pipeline offers each frame it has converted to RGB24 anyway
/// (before writing that frame's decision), and this keeps copies of the last few, so the snapshot of an event shows
/// the frame that caused it even when the MQTT side gets to it a few frames later.
/// </summary>
public sealed class LatestFrameBuffer : ISnapshotFrameProvider
{
    private const int Depth = 4;
    private readonly Slot[] _slots = Enumerable.Range(0, Depth).Select(_ => new Slot()).ToArray();
    private int _next;

    /// <summary>
    /// Keeps a copy of <paramref name="rgb24"/>: one memory copy into a reused buffer. Never waits: if a snapshot is
    /// being copied out of the slot this frame would use, the frame is skipped.
    /// </summary>
    public void Offer(ReadOnlySpan<byte> rgb24, int width, int height, long sequence)
    {
        int size = width * height * 3;
        if (rgb24.Length < size)
        {
            throw new ArgumentException($"A {width}x{height} RGB24 frame needs {size} bytes, got {rgb24.Length}.");
        }

        Offer(width, height, sequence, rgb24, static (slot, source) => source[..slot.Length].CopyTo(slot));
    }

    /// <summary>
    /// Lets <paramref name="fill"/> write a <paramref name="width"/> × <paramref name="height"/> RGB24 frame straight
    /// into the slot's reused buffer, so a frame converted for snapshots needs no buffer of its own on the way. Never
    /// waits: if a snapshot is being copied out of the slot this frame would use, the frame is skipped.
    /// </summary>
    public void Offer<TState>(int width, int height, long sequence, TState state, SpanAction<byte, TState> fill)
        where TState : allows ref struct
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"A frame needs a positive size, got {width}x{height}.");
        }

        int size = width * height * 3;
        var slot = _slots[_next];
        if (!slot.Gate.TryEnter())
        {
            return;
        }

        try
        {
            if (slot.Pixels.Length != size)
            {
                slot.Pixels = new byte[size];
            }

            fill(slot.Pixels, state);
            (slot.Width, slot.Height, slot.Sequence) = (width, height, sequence);
        }
        finally
        {
            slot.Gate.Exit();
        }

        _next = (_next + 1) % Depth;
    }

    /// <inheritdoc />
    public SnapshotFrame? Copy(long? sequence)
    {
        var slot = Pick(sequence);
        if (slot is null)
        {
            return null;
        }

        // The slot may have been refilled since it was picked; then the snapshot shows a newer frame, which is fine.
        lock (slot.Gate)
        {
            return SnapshotFrame.Copy(slot.Pixels, slot.Width, slot.Height, slot.Sequence);
        }
    }

    private Slot? Pick(long? sequence)
    {
        Slot? newest = null;
        long newestSequence = long.MinValue;
        foreach (var slot in _slots)
        {
            long held = Volatile.Read(ref slot.Sequence);
            if (Volatile.Read(ref slot.Width) == 0)
            {
                continue;
            }

            if (held == sequence)
            {
                return slot;
            }

            if (held > newestSequence)
            {
                (newest, newestSequence) = (slot, held);
            }
        }

        return newest;
    }

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public byte[] Pixels = [];
        public int Width;
        public int Height;
        public long Sequence;
    }
}
