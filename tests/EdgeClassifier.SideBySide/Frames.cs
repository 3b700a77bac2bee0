using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using SkiaSharp;

using EdgeClassifier.Benchmarks;

namespace EdgeClassifier.SideBySide;

/// <summary>
/// The same four pictures as each contender receives them: a 640×480 YUYV camera buffer (this project and ML.NET),
/// the same as NV12 (what CSI cameras deliver; this project) and a JPEG (the ONNX Runtime tutorial, as from an MJPEG
/// camera).
/// </summary>
internal sealed class Frames
{
    public const int Width = 640;
    public const int Height = 480;
    private static readonly string[] Pictures = ["cat.bmp", "parrot.jpg", "hot_dog.jpg", "owl.jpg"];

    private Frames(byte[][] yuyv, byte[][] nv12, byte[][] jpeg)
    {
        Yuyv = yuyv;
        Nv12 = nv12;
        Jpeg = jpeg;
    }

    public byte[][] Yuyv { get; }

    public byte[][] Nv12 { get; }

    public byte[][] Jpeg { get; }

    public int Count => Yuyv.Length;

    public ImageView YuyvView(int index) => new(Yuyv[index], PixelFormat.Yuyv, Width, Height);

    /// <summary>Frame <paramref name="index"/> as the camera buffer of <paramref name="format"/> (YUYV or NV12).</summary>
    public ImageView View(int index, PixelFormat format) =>
        format == PixelFormat.Nv12 ? new(Nv12[index], format, Width, Height) : YuyvView(index);

    public static Frames Load()
    {
        var yuyv = new byte[Pictures.Length][];
        var nv12 = new byte[Pictures.Length][];
        var jpeg = new byte[Pictures.Length][];
        for (int i = 0; i < Pictures.Length; i++)
        {
            using SKBitmap original = SKBitmap.Decode(Path.Combine(SharedModels.Directory, "images", Pictures[i]));
            using SKBitmap frame = original.Resize(new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Premul), SKFilterQuality.Medium);
            byte[] bgra = frame.Bytes;
            byte[] rgb = new byte[Width * Height * 3];
            for (int p = 0; p < Width * Height; p++)
            {
                rgb[(p * 3) + 0] = bgra[(p * 4) + 2];
                rgb[(p * 3) + 1] = bgra[(p * 4) + 1];
                rgb[(p * 3) + 2] = bgra[(p * 4) + 0];
            }

            yuyv[i] = new byte[RgbConverter.OutputSize(PixelFormat.Yuyv, Width, Height)];
            RgbConverter.Convert(rgb, Width, Height, PixelFormat.Yuyv, yuyv[i]);
            nv12[i] = new byte[RgbConverter.OutputSize(PixelFormat.Nv12, Width, Height)];
            RgbConverter.Convert(rgb, Width, Height, PixelFormat.Nv12, nv12[i]);
            using SKData encoded = frame.Encode(SKEncodedImageFormat.Jpeg, 90);
            jpeg[i] = encoded.ToArray();
        }

        return new Frames(yuyv, nv12, jpeg);
    }
}
