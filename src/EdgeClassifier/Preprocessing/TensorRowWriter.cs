using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Hot path: stores one output row's blended channel values (planar ints 0..255) into the tensor, as bytes or
/// normalised floats, interleaved (NHWC) or planar (NCHW). The byte interleave uses fixed byte shuffles, which are
/// single table lookups on NEON and PSHUFB on x64.
/// </summary>
internal static class TensorRowWriter
{
    /// <summary>Writes R, G, B of <paramref name="count"/> pixels as interleaved bytes.</summary>
    // Optimised from its first call (see Preprocessor.Run): unoptimised tier-0 code, which inlines nothing, made the first
    // seconds' frames miss the budget.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InterleaveBytes(ReadOnlySpan<int> red, ReadOnlySpan<int> green, ReadOnlySpan<int> blue, int count, Span<byte> destination)
    {
        ref int r = ref MemoryMarshal.GetReference(red);
        ref int g = ref MemoryMarshal.GetReference(green);
        ref int b = ref MemoryMarshal.GetReference(blue);
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int x = 0;
        for (; x <= count - Vector128<byte>.Count; x += Vector128<byte>.Count)
        {
            Vector128<byte> rs = Narrow(ref r, x), gs = Narrow(ref g, x), bs = Narrow(ref b, x);
            ref byte pixel = ref Unsafe.Add(ref target, x * 3);
            Vector128<byte> first = Vector128.Shuffle(rs, Vector128.Create((byte)0, 255, 255, 1, 255, 255, 2, 255, 255, 3, 255, 255, 4, 255, 255, 5))
                | Vector128.Shuffle(gs, Vector128.Create((byte)255, 0, 255, 255, 1, 255, 255, 2, 255, 255, 3, 255, 255, 4, 255, 255))
                | Vector128.Shuffle(bs, Vector128.Create((byte)255, 255, 0, 255, 255, 1, 255, 255, 2, 255, 255, 3, 255, 255, 4, 255));
            Vector128<byte> second = Vector128.Shuffle(rs, Vector128.Create((byte)255, 255, 6, 255, 255, 7, 255, 255, 8, 255, 255, 9, 255, 255, 10, 255))
                | Vector128.Shuffle(gs, Vector128.Create((byte)5, 255, 255, 6, 255, 255, 7, 255, 255, 8, 255, 255, 9, 255, 255, 10))
                | Vector128.Shuffle(bs, Vector128.Create((byte)255, 5, 255, 255, 6, 255, 255, 7, 255, 255, 8, 255, 255, 9, 255, 255));
            Vector128<byte> third = Vector128.Shuffle(rs, Vector128.Create((byte)255, 11, 255, 255, 12, 255, 255, 13, 255, 255, 14, 255, 255, 15, 255, 255))
                | Vector128.Shuffle(gs, Vector128.Create((byte)255, 255, 11, 255, 255, 12, 255, 255, 13, 255, 255, 14, 255, 255, 15, 255))
                | Vector128.Shuffle(bs, Vector128.Create((byte)10, 255, 255, 11, 255, 255, 12, 255, 255, 13, 255, 255, 14, 255, 255, 15));
            first.StoreUnsafe(ref pixel);
            second.StoreUnsafe(ref pixel, (nuint)Vector128<byte>.Count);
            third.StoreUnsafe(ref pixel, (nuint)(2 * Vector128<byte>.Count));
        }

        for (; x < count; x++)
        {
            ref byte pixel = ref Unsafe.Add(ref target, x * 3);
            pixel = (byte)Unsafe.Add(ref r, x);
            Unsafe.Add(ref pixel, 1) = (byte)Unsafe.Add(ref g, x);
            Unsafe.Add(ref pixel, 2) = (byte)Unsafe.Add(ref b, x);
        }
    }

    /// <summary>Writes one channel of <paramref name="destination"/>.Length pixels as bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bytes(ReadOnlySpan<int> values, Span<byte> destination)
    {
        ref int source = ref MemoryMarshal.GetReference(values);
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int x = 0;
        for (; x <= destination.Length - Vector128<byte>.Count; x += Vector128<byte>.Count)
        {
            Narrow(ref source, x).StoreUnsafe(ref target, (nuint)x);
        }

        for (; x < destination.Length; x++)
        {
            Unsafe.Add(ref target, x) = (byte)Unsafe.Add(ref source, x);
        }
    }

    /// <summary>
    /// Writes one channel of <paramref name="count"/> pixels as <c>(value - mean) / std</c>, every
    /// <paramref name="step"/>-th float of <paramref name="destination"/> (1 planar, 3 interleaved).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Normalised(ReadOnlySpan<int> values, int count, float mean, float std, Span<float> destination, int step)
    {
        ref int source = ref MemoryMarshal.GetReference(values);
        ref float target = ref MemoryMarshal.GetReference(destination);
        int x = 0;
        if (step == 1)
        {
            Vector128<float> means = Vector128.Create(mean), stds = Vector128.Create(std);
            for (; x <= count - Vector128<float>.Count; x += Vector128<float>.Count)
            {
                ((Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref source, (nuint)x)) - means) / stds).StoreUnsafe(ref target, (nuint)x);
            }
        }

        for (; x < count; x++)
        {
            Unsafe.Add(ref target, x * step) = ((byte)Unsafe.Add(ref source, x) - mean) / std;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Narrow(ref int values, int x)
    {
        Vector128<short> low = Vector128.Narrow(Vector128.LoadUnsafe(ref values, (nuint)x), Vector128.LoadUnsafe(ref values, (nuint)(x + 4)));
        Vector128<short> high = Vector128.Narrow(Vector128.LoadUnsafe(ref values, (nuint)(x + 8)), Vector128.LoadUnsafe(ref values, (nuint)(x + 12)));
        return Vector128.Narrow(low.AsUInt16(), high.AsUInt16());
    }
}
