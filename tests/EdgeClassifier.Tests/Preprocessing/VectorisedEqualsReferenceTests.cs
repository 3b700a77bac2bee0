using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Tests.Preprocessing;

/// <summary>
/// The vectorised preprocessor must equal the scalar reference byte for byte for every camera format, geometry
/// option and tensor layout, including odd sizes and padded strides. It has one path, Vector&lt;T&gt; with no gathers,
/// so these tests check on x64 the code ARM boards run, here at this CPU's width (DiagnoseCommandTests repeats the
/// check at NEON's 128 bits; scripts/arm64-smoke.sh checks it under NEON itself).
/// </summary>
public class VectorisedEqualsReferenceTests
{
    private static readonly (PixelFormat Format, int Width, int Height)[] FormatSizes =
    [
        (PixelFormat.Rgb24, 640, 480),
        (PixelFormat.Bgr24, 333, 251),
        (PixelFormat.Grey, 160, 120),
        (PixelFormat.Yuyv, 640, 360),
        (PixelFormat.Uyvy, 322, 240),
        (PixelFormat.Nv12, 640, 480),
        (PixelFormat.Yuv420, 318, 242),
    ];

    public static TheoryData<PixelFormat, int, int> Formats()
    {
        var data = new TheoryData<PixelFormat, int, int>();
        foreach (var (format, width, height) in FormatSizes)
        {
            data.Add(format, width, height);
        }

        return data;
    }

    public static TheoryData<string> Geometries() => new(GeometryCases.Keys);

    private static readonly Dictionary<string, PreprocessOptions> GeometryCases = new()
    {
        ["stretch"] = PreprocessOptions.Default,
        ["crop"] = new() { Resize = ResizeMode.Crop },
        ["letterbox"] = new() { Resize = ResizeMode.Letterbox },
        ["rotate90"] = new() { Rotation = 90 },
        ["rotate180-flipH"] = new() { Rotation = 180, FlipHorizontal = true },
        ["rotate270-letterbox"] = new() { Rotation = 270, Resize = ResizeMode.Letterbox },
        ["flipV-crop-roi"] = new() { FlipVertical = true, Resize = ResizeMode.Crop, RegionOfInterest = [0.1f, 0.2f, 0.7f, 0.9f] },
        ["roi-upscale"] = new() { RegionOfInterest = [0.45f, 0.45f, 0.55f, 0.55f] },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_matches_the_reference(PixelFormat format, int width, int height)
    {
        ImageView image = RandomImage(format, width, height, extraStride: 8, seed: width * height);
        AssertSame(image, InputTensorSpec.UInt8(224, 224), PreprocessOptions.Default);
        AssertSame(image, InputTensorSpec.Float(160, 128, TensorLayout.Nchw, 127.5f, 127.5f), PreprocessOptions.Default);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Every_geometry_matches_the_reference_in_every_layout(string geometry)
    {
        PreprocessOptions options = GeometryCases[geometry];
        foreach (var (format, width, height) in FormatSizes)
        {
            ImageView image = RandomImage(format, width, height, extraStride: 0, seed: height);
            AssertSame(image, InputTensorSpec.UInt8(224, 160), options);
            AssertSame(image, InputTensorSpec.UInt8(99, 131, TensorLayout.Nchw), options);
            AssertSame(image, new InputTensorSpec(128, 96, TensorLayout.Nhwc, TensorElementType.Float32, [123.7f, 116.3f, 103.5f], [58.4f, 57.1f, 57.4f]), options);
            AssertSame(image, InputTensorSpec.Float(224, 224, TensorLayout.Nchw, 127.5f, 127.5f), options);
        }
    }

    [Fact]
    public void Letterbox_pads_with_black_and_keeps_the_aspect_ratio()
    {
        // A white 200x100 image letterboxed into 100x100: rows 0..24 and 75..99 are padding.
        byte[] white = Enumerable.Repeat((byte)255, 200 * 100 * 3).ToArray();
        var image = new ImageView(white, PixelFormat.Rgb24, 200, 100);
        var spec = InputTensorSpec.UInt8(100, 100);
        byte[] tensor = new byte[spec.ElementCount];
        new Preprocessor(spec, new PreprocessOptions { Resize = ResizeMode.Letterbox }).Run(image, tensor);

        Assert.All(tensor.AsSpan(0, 25 * 300).ToArray(), b => Assert.Equal(0, b));
        Assert.All(tensor.AsSpan(25 * 300, 50 * 300).ToArray(), b => Assert.Equal(255, b));
        Assert.All(tensor.AsSpan(75 * 300).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Rotation_by_90_moves_the_bottom_left_corner_to_the_top_left()
    {
        // A 4x2 image whose bottom-left pixel is red; after a clockwise quarter turn it is the top-left of a 2x4 output.
        byte[] pixels = new byte[4 * 2 * 3];
        pixels[(1 * 4 * 3) + 0] = 255;
        var image = new ImageView(pixels, PixelFormat.Rgb24, 4, 2);
        var spec = InputTensorSpec.UInt8(2, 4);
        byte[] tensor = new byte[spec.ElementCount];
        new Preprocessor(spec, new PreprocessOptions { Rotation = 90 }).Run(image, tensor);

        Assert.Equal(255, tensor[0]);
        Assert.Equal(1, tensor.Count(b => b != 0));
    }

    private static void AssertSame(ImageView image, InputTensorSpec spec, PreprocessOptions options)
    {
        var fast = new Preprocessor(spec, options);
        if (spec.ElementType == TensorElementType.UInt8)
        {
            byte[] expected = new byte[spec.ElementCount];
            byte[] actual = new byte[spec.ElementCount];
            ReferencePreprocessor.Run(image, spec, options, expected);
            fast.Run(image, actual);
            fast.Run(image, actual); // the cached plan must give the same answer
            Assert.True(expected.AsSpan().SequenceEqual(actual), Describe(image, spec, options, FirstDifference(expected, actual)));
        }
        else
        {
            float[] expected = new float[spec.ElementCount];
            float[] actual = new float[spec.ElementCount];
            ReferencePreprocessor.Run(image, spec, options, expected);
            fast.Run(image, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), Describe(image, spec, options, FirstDifference(expected, actual)));
        }
    }

    private static int FirstDifference<T>(T[] a, T[] b)
        where T : IEquatable<T> => Enumerable.Range(0, a.Length).FirstOrDefault(i => !a[i].Equals(b[i]), -1);

    private static string Describe(ImageView image, InputTensorSpec spec, PreprocessOptions options, int index) =>
        $"{image.Format} {image.Width}x{image.Height} -> {spec.ElementType} {spec.Layout} {spec.Width}x{spec.Height} {options}: first difference at {index}";

    internal static ImageView RandomImage(PixelFormat format, int width, int height, int extraStride, int seed)
    {
        int stride = format.MinimumStride(width) + extraStride;
        byte[] data = new byte[format.FrameSize(height, stride)];
        new Random(seed).NextBytes(data);
        return new ImageView(data, format, width, height, stride);
    }
}
