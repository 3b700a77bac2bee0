using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    /// The same conversion for four pixels (lanes hold 0..255), as floats ready to blend. The constant terms of the
    /// scalar form are folded (298·(y-16)+128 = 298·y-4640 and so on): integer sums are exact, so the results agree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToRgb(
        Vector128<int> y, Vector128<int> u, Vector128<int> v, out Vector128<float> r, out Vector128<float> g, out Vector128<float> b)
    {
        Vector128<int> c = y * Vector128.Create(298);
        r = Channel(c + (v * Vector128.Create(409)) - Vector128.Create(56992));
        g = Channel(c - (u * Vector128.Create(100)) - (v * Vector128.Create(208)) + Vector128.Create(34784));
        b = Channel(c + (u * Vector128.Create(516)) - Vector128.Create(70688));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, 255);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Channel(Vector128<int> fixedPoint) =>
        Vector128.ConvertToSingle(Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(fixedPoint, 8), Vector128<int>.Zero), Vector128.Create(255)));
}
