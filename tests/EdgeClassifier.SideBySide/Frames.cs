using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using SkiaSharp;

using EdgeClassifier.Benchmarks;

namespace EdgeClassifier.SideBySide;

/// <summary>
/// The same four pictures as each contender receives them: a 640×480 YUYV camera buffer (this project and ML.NET)
/// and a JPEG (the ONNX Runtime tutorial, as from an MJPEG camera).
/// </summary>
internal sealed class Frames
{
    public const int Width = 640;
    public const int Height = 480;
    private static readonly string[] Pictures = ["cat.bmp", "parrot.jpg", "hot_dog.jpg", "owl.jpg"];

    private Frames(byte[][] yuyv, byte[][] jpeg)
    {
        Yuyv = yuyv;
        Jpeg = jpeg;
    }

    public byte[][] Yuyv { get; }

    public byte[][] Jpeg { get; }

    public int Count => Yuyv.Length;

    public ImageView YuyvView(int index) => new(Yuyv[index], PixelFormat.Yuyv, Width, Height);

    public static Frames Load()
    {
        var yuyv = new byte[Pictures.Length][];
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
            using SKData encoded = frame.Encode(SKEncodedImageFormat.Jpeg, 90);
            jpeg[i] = encoded.ToArray();
        }

        return new Frames(yuyv, jpeg);
    }
}
