using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Turns the words loaded for one vector of pixels (one word per <see cref="ByteAccess"/>, the pixel's bytes from its lowest
/// byte up) into their R, G and B values as floats. Implemented by structs so that generic code specialised on them
/// inlines the decode; the arithmetic is that of the per-pixel <see cref="IPixelReader"/> of the same format.
/// </summary>
internal interface INeighbourDecoder
{
    /// <summary>True when the format has one channel: the caller blends it once and uses it for R, G and B.</summary>
    static virtual bool Monochrome => false;

    /// <summary>True when the luma byte's place in the word depends on the column's parity (packed 4:2:2).</summary>
    static virtual bool UsesParity => false;

    /// <summary>How many of the words (first, second, third) the decode reads: the rest are not loaded.</summary>
    static virtual int Loads => 1;

    /// <summary>
    /// Decodes the words of access 0, 1 and 2. <paramref name="odd"/> has all bits set in the lanes of odd columns.
    /// </summary>
    static abstract void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b);
}

/// <summary>Shared bit-twiddling of the decoders.</summary>
internal static class WordBytes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<int> Byte(Vector<uint> words, int index) =>
        Vector.AsVectorInt32(Vector.ShiftRightLogical(words, index * 8) & new Vector<uint>(0xFFu));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Float(Vector<uint> words, int index) => Vector.ConvertToSingle(Byte(words, index));
}

internal readonly struct Rgb24Decoder : INeighbourDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        r = WordBytes.Float(first, 0);
        g = WordBytes.Float(first, 1);
        b = WordBytes.Float(first, 2);
    }
}

internal readonly struct Bgr24Decoder : INeighbourDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        b = WordBytes.Float(first, 0);
        g = WordBytes.Float(first, 1);
        r = WordBytes.Float(first, 2);
    }
}

internal readonly struct GreyDecoder : INeighbourDecoder
{
    public static bool Monochrome => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        r = g = b = WordBytes.Float(first, 0);
    }
}

/// <summary>Word Y0 U Y1 V: the luma is byte 2 in odd columns.</summary>
internal readonly struct YuyvDecoder : INeighbourDecoder
{
    public static bool UsesParity => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        Vector<int> y = Vector.ConditionalSelect(Vector.AsVectorInt32(odd), WordBytes.Byte(first, 2), WordBytes.Byte(first, 0));
        YuvConversion.ToRgb(Vector.ConvertToSingle(y), WordBytes.Float(first, 1), WordBytes.Float(first, 3), out r, out g, out b);
    }
}

/// <summary>Word U Y0 V Y1: the luma is byte 3 in odd columns.</summary>
internal readonly struct UyvyDecoder : INeighbourDecoder
{
    public static bool UsesParity => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        Vector<int> y = Vector.ConditionalSelect(Vector.AsVectorInt32(odd), WordBytes.Byte(first, 3), WordBytes.Byte(first, 1));
        YuvConversion.ToRgb(Vector.ConvertToSingle(y), WordBytes.Float(first, 0), WordBytes.Float(first, 2), out r, out g, out b);
    }
}

/// <summary>Luma word, then the interleaved U V word.</summary>
internal readonly struct Nv12Decoder : INeighbourDecoder
{
    public static int Loads => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b) =>
        YuvConversion.ToRgb(WordBytes.Float(first, 0), WordBytes.Float(second, 0), WordBytes.Float(second, 1), out r, out g, out b);
}

/// <summary>Luma, U and V words from three planes.</summary>
internal readonly struct Yuv420Decoder : INeighbourDecoder
{
    public static int Loads => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(
        Vector<uint> first, Vector<uint> second, Vector<uint> third, Vector<uint> odd,
        out Vector<float> r, out Vector<float> g, out Vector<float> b) =>
        YuvConversion.ToRgb(WordBytes.Float(first, 0), WordBytes.Float(second, 0), WordBytes.Float(third, 0), out r, out g, out b);
}
