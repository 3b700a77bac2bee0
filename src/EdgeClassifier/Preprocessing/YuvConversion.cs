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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, 255);
}
