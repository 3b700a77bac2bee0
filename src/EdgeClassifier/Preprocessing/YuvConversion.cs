using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// BT.601 limited-range YUV to RGB in integer arithmetic (8-bit fixed point), the conversion USB webcams and CSI
/// sensors deliver. Integer maths keeps the fast path and the reference byte-identical.
/// </summary>
internal static class YuvConversion
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToRgb(int y, int u, int v, out byte r, out byte g, out byte b)
    {
        int c = 298 * (y - 16);
        int d = u - 128;
        int e = v - 128;
        r = ClampToByte((c + (409 * e) + 128) >> 8);
        g = ClampToByte((c - (100 * d) - (208 * e) + 128) >> 8);
        b = ClampToByte((c + (516 * d) + 128) >> 8);
    }

    /// <summary>
    /// The same conversion for one vector of pixels (lanes hold 0..255), as floats ready to blend. With the constants folded,
    /// (298·(y-16) + 409·(v-128) + 128) &gt;&gt; 8 is floor(y·298/256 + v·409/256 - 56992/256): every coefficient and
    /// partial sum is a multiple of 1/256 below 2^10, which float32 holds exactly, so the results equal the integer
    /// form's while using the cheap float multiply (integer 32-bit multiplies are slow on x64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToRgb(
        Vector<float> y, Vector<float> u, Vector<float> v, out Vector<float> r, out Vector<float> g, out Vector<float> b)
    {
        Vector<float> c = y * new Vector<float>(298f / 256);
        r = Channel(c + (v * new Vector<float>(409f / 256)) - new Vector<float>(56992f / 256));
        g = Channel(c - (u * new Vector<float>(100f / 256)) - (v * new Vector<float>(208f / 256)) + new Vector<float>(34784f / 256));
        b = Channel(c + (u * new Vector<float>(516f / 256)) - new Vector<float>(70688f / 256));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, 255);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Channel(Vector<float> scaled) =>
        Vector.ClampNative(Vector.Floor(scaled), Vector<float>.Zero, new Vector<float>(255f));
}
