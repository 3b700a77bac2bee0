using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Hot path, portable: the blended RGB values of one output row, with no gather instructions. First a scalar pass
/// loads, for every content column, the few bytes of its four source neighbours (one to three 4-byte loads each, at
/// table offsets that never change); then a vector pass decodes one <see cref="Vector{T}"/> of columns at a time from
/// those words (format conversion included) and blends them in float32 exactly as <see cref="ReferencePreprocessor"/>
/// does. <see cref="Vector{T}"/> takes the widest registers the CPU has for this code: 128-bit NEON on arm64 boards
/// (4 columns at a time), 256-bit AVX2 on x64 (8 columns); the arithmetic per lane is the same at every width.
/// Buffers belong to one <see cref="SamplingPlan"/>: nothing is allocated per frame.
/// </summary>
internal sealed class NeighbourSampler
{
    private const int TopLeft = 0;
    private const int TopRight = 1;
    private const int BottomLeft = 2;
    private const int BottomRight = 3;
    private const int MaxAccesses = 3;

    private readonly SamplingPlan _plan;
    private readonly NeighbourTables _tables;
    private readonly uint[] _words;
    private readonly int[] _blended;

    public NeighbourSampler(SamplingPlan plan, NeighbourTables tables)
    {
        _plan = plan;
        _tables = tables;
        _words = new uint[4 * MaxAccesses * tables.Padded];
        _blended = new int[3 * tables.Padded];
    }

    /// <summary>Truncated blends of the row's content columns: R, then G, then B, each <see cref="Stride"/> long.</summary>
    public ReadOnlySpan<int> Blended => _blended;

    /// <summary>Distance between the channels in <see cref="Blended"/>.</summary>
    public int Stride => _tables.Padded;

    /// <summary>Fills <see cref="Blended"/> for output row <paramref name="oy"/>.</summary>
    public void SampleRow<TDecoder>(ReadOnlySpan<byte> frame, int oy)
        where TDecoder : struct, INeighbourDecoder
    {
        Load(frame, oy);
        Blend<TDecoder>(oy);
    }

    /// <summary>Scalar pass: the words of the four neighbours of every content column, for every load of the format.</summary>
    // Optimised from its first call (see Preprocessor.Run): unoptimised tier-0 code, which inlines nothing, made the first
    // seconds' frames miss the budget.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(ReadOnlySpan<byte> frame, int oy)
    {
        ref byte data = ref MemoryMarshal.GetReference(frame);
        int padded = _tables.Padded;
        bool swaps = _plan.SwapsAxes;

        // Per table entry t, the first scalar s1 gives the top-left neighbour and the second s2 the top-right (rotated:
        // table = source rows, scalars = source columns) or the bottom-left (unrotated: table = source columns).
        int secondOfNear = swaps ? TopRight : BottomLeft;
        int firstOfFar = swaps ? BottomLeft : TopRight;
        for (int a = 0; a < _tables.Accesses.Length; a++)
        {
            ByteAccess access = _tables.Accesses[a];
            int s1 = swaps ? access.Column(_plan.RowLo[oy]) : access.Row(_plan.RowLo[oy]);
            int s2 = swaps ? access.Column(_plan.RowHi[oy]) : access.Row(_plan.RowHi[oy]);
            bool inside = _tables.MaxOffset[a] + Math.Max(s1, s2) + sizeof(uint) <= frame.Length;
            ref int near = ref MemoryMarshal.GetArrayDataReference(_tables.Near[a]);
            ref int far = ref MemoryMarshal.GetArrayDataReference(_tables.Far[a]);
            ref uint w = ref MemoryMarshal.GetArrayDataReference(_words);
            ref uint topLeft = ref Unsafe.Add(ref w, ((TopLeft * MaxAccesses) + a) * padded);
            ref uint nearSecond = ref Unsafe.Add(ref w, ((secondOfNear * MaxAccesses) + a) * padded);
            ref uint farFirst = ref Unsafe.Add(ref w, ((firstOfFar * MaxAccesses) + a) * padded);
            ref uint bottomRight = ref Unsafe.Add(ref w, ((BottomRight * MaxAccesses) + a) * padded);
            // Two copies of the loop, so the common one (every word inside the frame) has no test per load.
            if (inside)
            {
                ref byte nearRow = ref Unsafe.Add(ref data, s1);
                ref byte farRow = ref Unsafe.Add(ref data, s2);
                for (int i = 0; i < padded; i++)
                {
                    // Little-endian (x64, arm64): byte k of the frame lands in bits 8k..8k+7 of the word.
                    int n = Unsafe.Add(ref near, i);
                    int f = Unsafe.Add(ref far, i);
                    Unsafe.Add(ref topLeft, i) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref nearRow, n));
                    Unsafe.Add(ref nearSecond, i) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref farRow, n));
                    Unsafe.Add(ref farFirst, i) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref nearRow, f));
                    Unsafe.Add(ref bottomRight, i) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref farRow, f));
                }
            }
            else
            {
                for (int i = 0; i < padded; i++)
                {
                    int n = Unsafe.Add(ref near, i);
                    int f = Unsafe.Add(ref far, i);
                    Unsafe.Add(ref topLeft, i) = WordNearEnd(ref data, frame.Length, n + s1);
                    Unsafe.Add(ref nearSecond, i) = WordNearEnd(ref data, frame.Length, n + s2);
                    Unsafe.Add(ref farFirst, i) = WordNearEnd(ref data, frame.Length, f + s1);
                    Unsafe.Add(ref bottomRight, i) = WordNearEnd(ref data, frame.Length, f + s2);
                }
            }
        }
    }

    /// <summary>Four bytes from <paramref name="offset"/>, lowest first; bytes past the frame's end read as 0.</summary>
    private static uint WordNearEnd(ref byte data, int length, int offset)
    {
        uint word = 0;
        for (int k = 0; k < sizeof(uint) && offset + k < length; k++)
        {
            word |= (uint)Unsafe.Add(ref data, offset + k) << (8 * k);
        }

        return word;
    }

    /// <summary>
    /// Vector pass: TFLite's bilinear blend, truncated toward zero: tl·(1-dy)·(1-dx) + bl·dy·(1-dx) + tr·(1-dy)·dx +
    /// br·dy·dx, in that order, for one vector of columns at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Blend<TDecoder>(int oy)
        where TDecoder : struct, INeighbourDecoder
    {
        int padded = _tables.Padded;
        bool swaps = _plan.SwapsAxes;
        ref uint w = ref MemoryMarshal.GetArrayDataReference(_words);
        ref uint topLeft = ref Unsafe.Add(ref w, TopLeft * MaxAccesses * padded);
        ref uint topRight = ref Unsafe.Add(ref w, TopRight * MaxAccesses * padded);
        ref uint bottomLeft = ref Unsafe.Add(ref w, BottomLeft * MaxAccesses * padded);
        ref uint bottomRight = ref Unsafe.Add(ref w, BottomRight * MaxAccesses * padded);
        ref float weight = ref MemoryMarshal.GetArrayDataReference(_tables.Weight);
        ref float oneMinusWeight = ref MemoryMarshal.GetArrayDataReference(_tables.OneMinusWeight);
        ref uint oddNear = ref MemoryMarshal.GetArrayDataReference(_tables.OddNear);
        ref uint oddFar = ref MemoryMarshal.GetArrayDataReference(_tables.OddFar);
        ref int red = ref MemoryMarshal.GetArrayDataReference(_blended);
        ref int green = ref Unsafe.Add(ref red, padded);
        ref int blue = ref Unsafe.Add(ref green, padded);

        float rowWeight = _plan.RowWeight[oy];
        Vector<float> rowHigh = new(rowWeight);
        Vector<float> rowLow = new(1f - rowWeight);

        // Rotated, the left and right neighbours are one source column each for the whole row.
        Vector<uint> oddLeft = new((_plan.RowLo[oy] & 1) != 0 ? uint.MaxValue : 0u);
        Vector<uint> oddRight = new((_plan.RowHi[oy] & 1) != 0 ? uint.MaxValue : 0u);
        for (int i = 0; i < padded; i += Vector<float>.Count)
        {
            nuint e = (nuint)i;
            Vector<float> columnHigh = Vector.LoadUnsafe(ref weight, e);
            Vector<float> columnLow = Vector.LoadUnsafe(ref oneMinusWeight, e);
            (Vector<float> dx, Vector<float> oneMinusDx) = swaps ? (rowHigh, rowLow) : (columnHigh, columnLow);
            (Vector<float> dy, Vector<float> oneMinusDy) = swaps ? (columnHigh, columnLow) : (rowHigh, rowLow);
            Vector<uint> left = oddLeft, right = oddRight;
            if (TDecoder.UsesParity && !swaps)
            {
                left = Vector.LoadUnsafe(ref oddNear, e);
                right = Vector.LoadUnsafe(ref oddFar, e);
            }

            // The reference's sum, term by term in its order (top-left, bottom-left, top-right, bottom-right), so that
            // each neighbour's decoded channels are dead once added: fewer live vectors, no spills on x64's 16 registers.
            Vector<float> r = Vector<float>.Zero, g = Vector<float>.Zero, b = Vector<float>.Zero;
            AddTerm<TDecoder>(ref topLeft, padded, e, left, oneMinusDy, oneMinusDx, ref r, ref g, ref b);
            AddTerm<TDecoder>(ref bottomLeft, padded, e, left, dy, oneMinusDx, ref r, ref g, ref b);
            AddTerm<TDecoder>(ref topRight, padded, e, right, oneMinusDy, dx, ref r, ref g, ref b);
            AddTerm<TDecoder>(ref bottomRight, padded, e, right, dy, dx, ref r, ref g, ref b);
            Vector.ConvertToInt32(r).StoreUnsafe(ref red, e);
            if (!TDecoder.Monochrome)
            {
                Vector.ConvertToInt32(g).StoreUnsafe(ref green, e);
                Vector.ConvertToInt32(b).StoreUnsafe(ref blue, e);
            }
        }

        if (TDecoder.Monochrome)
        {
            _blended.AsSpan(0, padded).CopyTo(_blended.AsSpan(padded, padded));
            _blended.AsSpan(0, padded).CopyTo(_blended.AsSpan(2 * padded, padded));
        }
    }

    /// <summary>Adds one neighbour's term, <c>value·rowFactor·columnFactor</c> per channel (0 + x is exactly x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTerm<TDecoder>(
        ref uint neighbour, int padded, nuint e, Vector<uint> odd, Vector<float> yFactor, Vector<float> xFactor,
        ref Vector<float> r, ref Vector<float> g, ref Vector<float> b)
        where TDecoder : struct, INeighbourDecoder
    {
        Vector<uint> first = Vector.LoadUnsafe(ref neighbour, e);
        Vector<uint> second = TDecoder.Loads > 1 ? Vector.LoadUnsafe(ref neighbour, e + (nuint)padded) : default;
        Vector<uint> third = TDecoder.Loads > 2 ? Vector.LoadUnsafe(ref neighbour, e + (nuint)(2 * padded)) : default;
        TDecoder.Decode(first, second, third, odd, out Vector<float> red, out Vector<float> green, out Vector<float> blue);
        r += red * yFactor * xFactor;
        if (!TDecoder.Monochrome)
        {
            g += green * yFactor * xFactor;
            b += blue * yFactor * xFactor;
        }
    }
}
