using System.Buffers.Binary;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Tests.Camera;

/// <summary>
/// Image headers state their own size. These files ask for sizes whose RGBA buffer overflows 32-bit arithmetic or
/// exceeds the pixel limit; each must be refused before any buffer is allocated, never handed to the native decoder.
/// </summary>
public sealed class CraftedImageTests
{
    [Fact]
    public void A_bmp_header_whose_buffer_size_overflows_is_refused_before_decoding()
    {
        // 32768 x 32769 x 4 wraps to 128 KiB in 32-bit arithmetic, and Skia would write 4 GiB into it.
        byte[] bmp = BmpHeader(32768, 32769);

        var ex = Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(bmp, "huge.bmp"));

        Assert.Equal("huge.bmp: the image is 32768x32769 (1073774592 pixels), more than the limit of 50000000 pixels (Camera:MaxImagePixels)", ex.Message);
    }

    [Fact]
    public void A_jpeg_whose_header_claims_40000_square_is_refused_and_an_mjpeg_frame_counts_as_a_failure()
    {
        byte[] jpeg = WithJpegSize(File.ReadAllBytes(SharedAssets.Image("hot_dog.jpg")), 40000, 40000);

        Assert.Contains("more than the limit", Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(jpeg, "huge.jpg")).Message);
        var decoder = new MjpegDecoder();
        Assert.False(decoder.TryDecode(jpeg, out _));
        Assert.Equal(1, decoder.Failures);
    }

    [Fact]
    public void The_limit_is_configurable_and_names_its_key_through_the_files_source()
    {
        using var dir = new TempDirectory();
        File.Copy(SharedAssets.Image("cat.bmp"), dir.File("cat.bmp"));
        var options = new CameraOptions { Source = "files", Path = dir.Path, MaxImagePixels = 512 * 340 };

        using var source = FrameSourceFactory.Create(options);
        var ex = Assert.Throws<CameraConfigurationException>(source.Start);

        Assert.Contains("cat.bmp: the image is 512x341 (174592 pixels), more than the limit of 174080 pixels (Camera:MaxImagePixels)", ex.Message);
        options.MaxImagePixels = 512 * 341;
        using var fits = FrameSourceFactory.Create(options);
        fits.Start();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ImageSizeLimit.LargestMaxPixels + 1)]
    public void A_limit_outside_what_one_buffer_can_hold_is_a_configuration_error(long limit)
    {
        string error = Assert.Single(new CameraOptions { MaxImagePixels = limit }.Validate());

        Assert.StartsWith("Camera:MaxImagePixels must be between 1 and 536870911", error);
    }

    private static byte[] BmpHeader(int width, int height)
    {
        var bytes = new byte[54 + 64];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        return bytes;
    }

    /// <summary>Rewrites the height and width in the JPEG's start-of-frame segment.</summary>
    private static byte[] WithJpegSize(byte[] jpeg, ushort width, ushort height)
    {
        for (int i = 2; i + 9 < jpeg.Length;)
        {
            byte marker = jpeg[i + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), width);
                return jpeg;
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("no start-of-frame segment");
    }
}
