using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// The plain, obviously-correct preprocessing that <see cref="Preprocessor"/> must match byte for byte: convert the
/// whole image to RGB, then for every output pixel find its source position and blend four neighbours in float32
/// (TFLite's bilinear formula), truncate to a byte, and normalise for float inputs. Slow on purpose: no tables,
/// no vectors, nothing shared across pixels.
/// </summary>
public static class ReferencePreprocessor
{
    /// <summary>Fills a uint8 input tensor.</summary>
    public static void Run(ImageView image, InputTensorSpec spec, PreprocessOptions options, Span<byte> tensor)
    {
        RequireType(spec, TensorElementType.UInt8, tensor.Length);
        Resample(image, spec, options).CopyTo(tensor);
    }

    /// <summary>Fills a float input tensor with <c>(pixel - mean) / std</c>.</summary>
    public static void Run(ImageView image, InputTensorSpec spec, PreprocessOptions options, Span<float> tensor)
    {
        RequireType(spec, TensorElementType.Float32, tensor.Length);
        byte[] values = Resample(image, spec, options);
        int planeSize = spec.Width * spec.Height;
        for (int i = 0; i < values.Length; i++)
        {
            int channel = spec.Layout == TensorLayout.Nhwc ? i % 3 : i / planeSize;
            tensor[i] = (values[i] - spec.Mean[channel]) / spec.Std[channel];
        }
    }

    /// <summary>Converts any supported layout to packed RGB24, pixel by pixel.</summary>
    public static byte[] ToRgb24(ImageView image)
    {
        byte[] rgb = new byte[image.Width * image.Height * 3];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                ReadPixel(image, x, y, out rgb[((y * image.Width) + x) * 3], out rgb[(((y * image.Width) + x) * 3) + 1], out rgb[(((y * image.Width) + x) * 3) + 2]);
            }
        }

        return rgb;
    }

    private static void ReadPixel(ImageView image, int x, int y, out byte r, out byte g, out byte b)
    {
        ref byte data = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(image.Data);
        switch (image.Format)
        {
            case PixelFormat.Rgb24: Rgb24Reader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Bgr24: Bgr24Reader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Grey: GreyReader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Yuyv: YuyvReader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Uyvy: UyvyReader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Nv12: Nv12Reader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            case PixelFormat.Yuv420: Yuv420Reader.Read(ref data, image.Stride, image.Height, x, y, out r, out g, out b); break;
            default: throw new NotSupportedException($"Pixel format {image.Format} cannot be preprocessed; decode it first.");
        }
    }

    /// <summary>The resized, rotated, flipped pixel bytes in tensor order.</summary>
    private static byte[] Resample(ImageView image, InputTensorSpec spec, PreprocessOptions options)
    {
        byte[] rgb = ToRgb24(image);
        int width = image.Width;
        byte[] values = new byte[spec.ElementCount];
        var geometry = SamplingGeometry.Create(width, image.Height, spec.Width, spec.Height, options);
        for (int oy = 0; oy < spec.Height; oy++)
        {
            for (int ox = 0; ox < spec.Width; ox++)
            {
                var (tx, ty) = geometry.MapOutput(ox, oy);
                bool content = geometry.X.IsContent(tx) && geometry.Y.IsContent(ty);
                AxisSample sx = geometry.X.Sample(tx);
                AxisSample sy = geometry.Y.Sample(ty);
                for (int c = 0; c < 3; c++)
                {
                    byte value = content ? Bilinear(rgb, width, sx, sy, c) : (byte)0;
                    int index = spec.Layout == TensorLayout.Nhwc
                        ? (((oy * spec.Width) + ox) * 3) + c
                        : (c * spec.Height * spec.Width) + (oy * spec.Width) + ox;
                    values[index] = value;
                }
            }
        }

        return values;
    }

    private static byte Bilinear(byte[] rgb, int width, AxisSample x, AxisSample y, int channel)
    {
        float topLeft = rgb[(((y.Lo * width) + x.Lo) * 3) + channel];
        float topRight = rgb[(((y.Lo * width) + x.Hi) * 3) + channel];
        float bottomLeft = rgb[(((y.Hi * width) + x.Lo) * 3) + channel];
        float bottomRight = rgb[(((y.Hi * width) + x.Hi) * 3) + channel];
        float value = (topLeft * (1f - y.Weight) * (1f - x.Weight))
            + (bottomLeft * y.Weight * (1f - x.Weight))
            + (topRight * (1f - y.Weight) * x.Weight)
            + (bottomRight * y.Weight * x.Weight);
        return (byte)(int)value;
    }

    private static void RequireType(InputTensorSpec spec, TensorElementType type, int length)
    {
        if (spec.ElementType != type)
        {
            throw new ArgumentException($"The model input is {spec.ElementType}, not {type}.");
        }

        if (length != spec.ElementCount)
        {
            throw new ArgumentException($"Tensor has {length} elements, the input needs {spec.ElementCount}.");
        }
    }
}
