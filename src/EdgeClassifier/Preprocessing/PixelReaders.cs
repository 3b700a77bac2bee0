using System.Runtime.CompilerServices;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Reads the RGB value of one pixel in a given layout. Implemented by structs so that generic code specialised on
/// them inlines the read (no virtual call per pixel). Callers guarantee 0 &lt;= x &lt; width and 0 &lt;= y &lt; height
/// on an image whose size was checked by <see cref="Hardware.Camera.ImageView"/>.
/// </summary>
internal interface IPixelReader
{
    static abstract void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b);
}

internal readonly struct Rgb24Reader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte p = ref Unsafe.Add(ref image, (y * stride) + (x * 3));
        r = p;
        g = Unsafe.Add(ref p, 1);
        b = Unsafe.Add(ref p, 2);
    }
}

internal readonly struct Bgr24Reader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte p = ref Unsafe.Add(ref image, (y * stride) + (x * 3));
        b = p;
        g = Unsafe.Add(ref p, 1);
        r = Unsafe.Add(ref p, 2);
    }
}

internal readonly struct GreyReader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        r = g = b = Unsafe.Add(ref image, (y * stride) + x);
    }
}

/// <summary>Packed 4:2:2 Y0 U Y1 V: two pixels share one U and one V.</summary>
internal readonly struct YuyvReader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte pair = ref Unsafe.Add(ref image, (y * stride) + ((x & ~1) * 2));
        YuvConversion.ToRgb(Unsafe.Add(ref pair, (x & 1) * 2), Unsafe.Add(ref pair, 1), Unsafe.Add(ref pair, 3), out r, out g, out b);
    }
}

/// <summary>Packed 4:2:2 U Y0 V Y1.</summary>
internal readonly struct UyvyReader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte pair = ref Unsafe.Add(ref image, (y * stride) + ((x & ~1) * 2));
        YuvConversion.ToRgb(Unsafe.Add(ref pair, 1 + ((x & 1) * 2)), pair, Unsafe.Add(ref pair, 2), out r, out g, out b);
    }
}

/// <summary>Y plane, then interleaved U/V at half resolution in both axes, same stride.</summary>
internal readonly struct Nv12Reader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte uv = ref Unsafe.Add(ref image, (stride * height) + ((y >> 1) * stride) + (x & ~1));
        YuvConversion.ToRgb(Unsafe.Add(ref image, (y * stride) + x), uv, Unsafe.Add(ref uv, 1), out r, out g, out b);
    }
}

/// <summary>Y plane, U plane, V plane; chroma planes at half resolution with half the stride.</summary>
internal readonly struct Yuv420Reader : IPixelReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ref byte image, int stride, int height, int x, int y, out byte r, out byte g, out byte b)
    {
        int chromaStride = (stride + 1) / 2;
        int chromaOffset = ((y >> 1) * chromaStride) + (x >> 1);
        int uPlane = stride * height;
        int vPlane = uPlane + (chromaStride * ((height + 1) / 2));
        YuvConversion.ToRgb(
            Unsafe.Add(ref image, (y * stride) + x),
            Unsafe.Add(ref image, uPlane + chromaOffset),
            Unsafe.Add(ref image, vPlane + chromaOffset),
            out r,
            out g,
            out b);
    }
}
