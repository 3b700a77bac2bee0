using System.Security.Cryptography;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Tests.Preprocessing;

/// <summary>
/// expected.json records the SHA-256 of the exact uint8 input the reference resize produced for each BMP (exact
/// decode) and raw .rgb image; both preprocessors must reproduce every one of them.
/// </summary>
public class ReferenceHashTests
{
    public static TheoryData<string, string, int, string> ExactInputs()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var result in SharedAssets.Expected.GetProperty("results").EnumerateArray())
        {
            string image = result.GetProperty("image").GetString()!;
            if (!image.EndsWith(".bmp", StringComparison.Ordinal) && !image.EndsWith(".rgb", StringComparison.Ordinal))
            {
                continue;
            }

            string model = result.GetProperty("model").GetString()!;
            string modelKey = Path.GetFileNameWithoutExtension(model);
            string input = SharedAssets.Expected.GetProperty("models").GetProperty(modelKey).GetProperty("input").GetString()!;
            int[] dims = input.Split('[', ']')[1].Split(',').Select(int.Parse).ToArray();
            int size = input.Contains("NCHW") ? dims[2] : dims[1];
            data.Add(model, image, size, result.GetProperty("input_rgb_sha256").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExactInputs))]
    public void Both_preprocessors_reproduce_the_reference_input_hash(string model, string image, int size, string sha256)
    {
        DecodedImage decoded = LoadImage(image);
        var spec = InputTensorSpec.UInt8(size, size);
        byte[] reference = new byte[spec.ElementCount];
        byte[] fast = new byte[spec.ElementCount];

        ReferencePreprocessor.Run(decoded.View, spec, PreprocessOptions.Default, reference);
        new Preprocessor(spec, PreprocessOptions.Default).Run(decoded.View, fast);

        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(reference)));
        Assert.True(reference.AsSpan().SequenceEqual(fast), $"{model} {image}: vectorised output differs from the reference");
    }

    internal static DecodedImage LoadImage(string relative)
    {
        string path = Path.Combine(SharedAssets.ModelsDirectory, relative);
        if (path.EndsWith(".rgb", StringComparison.Ordinal))
        {
            byte[] raw = File.ReadAllBytes(path);
            int side = (int)Math.Sqrt(raw.Length / 3);
            return new DecodedImage(raw, side, side);
        }

        return ImageFileDecoder.Decode(path);
    }
}
