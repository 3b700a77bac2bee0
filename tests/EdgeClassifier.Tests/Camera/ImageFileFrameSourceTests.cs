using System.Security.Cryptography;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Files;
using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Tests.Camera;

public sealed class ImageFileFrameSourceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);
    private readonly string _scratch = Directory.CreateTempSubdirectory("files-source-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void The_decode_reproduces_the_reference_bytes()
    {
        // expected.json: resized_cat.bmp is already 224x224, so its decoded RGB is the model input as hashed there.
        var image = ImageFileDecoder.Decode(SharedAssets.Image("resized_cat.bmp"));

        Assert.Equal((224, 224), (image.Width, image.Height));
        Assert.Equal(
            "4abc839e40babbb47ece233474f75db6fed6e657b7b00a38998f63a93a8e9228",
            Convert.ToHexStringLower(SHA256.HashData(image.Rgb)));
    }

    [Theory]
    [InlineData("cat.bmp", 512, 341)]
    [InlineData("parrot.jpg", 512, 929)]
    [InlineData("cat_720p.jpg", 1280, 720)]
    public void Images_decode_to_rgb24_at_their_own_size(string name, int width, int height)
    {
        var image = ImageFileDecoder.Decode(SharedAssets.Image(name));

        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(width * height * 3, image.Rgb.Length);
    }

    [Fact]
    public void Missing_empty_and_corrupt_files_get_clear_messages()
    {
        string empty = Path.Combine(_scratch, "empty.jpg");
        File.WriteAllBytes(empty, []);
        string corrupt = Path.Combine(_scratch, "corrupt.png");
        File.WriteAllText(corrupt, "this is not a picture");

        Assert.Contains("file not found", Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(Path.Combine(_scratch, "nope.jpg"))).Message);
        Assert.Contains("the file is empty", Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(empty)).Message);
        Assert.Contains("not a supported image (JPEG, PNG, BMP, WebP)", Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(corrupt)).Message);
    }

    [Fact]
    public void A_truncated_jpeg_is_reported_as_corrupt()
    {
        var bytes = File.ReadAllBytes(SharedAssets.Image("hot_dog.jpg"));
        string truncated = Path.Combine(_scratch, "truncated.jpg");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        Assert.Contains("the image data is", Assert.Throws<ImageDecodeException>(() => ImageFileDecoder.Decode(truncated)).Message);
    }

    [Fact]
    public void A_folder_replays_every_image_in_name_order_with_names_and_loops()
    {
        using var source = new ImageFileFrameSource(Path.Combine(SharedAssets.ModelsDirectory, "images"), fps: 1000);
        source.Start();
        var expected = Directory.GetFiles(Path.Combine(SharedAssets.ModelsDirectory, "images"))
            .Select(path => Path.GetFileName(path))
            .Where(name => !name.EndsWith(".rgb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        var names = new List<string>();
        for (int i = 0; i < expected.Count + 2; i++)
        {
            Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
            Assert.Equal(PixelFormat.Rgb24, frame.Image.Format);
            Assert.Equal(i, frame.Sequence);
            names.Add(frame.Name!);
            source.Release();
        }

        Assert.Equal(16, expected.Count);
        Assert.Equal(expected, names.Take(expected.Count));
        Assert.Equal(expected.Take(2), names.Skip(expected.Count));
        Assert.Equal(expected, source.FileNames);
    }

    [Fact]
    public unsafe void Links_to_one_photo_share_one_decoded_frame()
    {
        // The soak holds each photo for a second with 30 links to it: 30 decoded copies each were 55 MB of frames.
        string cat = SharedAssets.Image("cat.bmp");
        File.CreateSymbolicLink(Path.Combine(_scratch, "a.bmp"), cat);
        File.CreateSymbolicLink(Path.Combine(_scratch, "b.bmp"), cat);
        File.Copy(cat, Path.Combine(_scratch, "c.bmp"));
        using var source = new ImageFileFrameSource(_scratch, fps: 1000, layout: new CameraLayout(PixelFormat.Nv12, 320, 240));
        source.Start();

        var pixels = new List<nint>();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
            fixed (byte* data = frame.Image.Data)
            {
                pixels.Add((nint)data);
            }

            source.Release();
        }

        Assert.Equal(pixels[0], pixels[1]);
        Assert.NotEqual(pixels[0], pixels[2]);
    }

    [Fact]
    public void A_single_image_played_once_ends()
    {
        using var source = new ImageFileFrameSource(SharedAssets.Image("cat.bmp"), fps: 1000, loop: false);
        source.Start();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
        Assert.Equal("cat.bmp", frame.Name);
        Assert.Equal((512, 341), (frame.Image.Width, frame.Image.Height));
        source.Release();

        Assert.Equal(FrameWaitResult.End, source.TryAcquire(Wait, out _));
    }

    [Fact]
    public void Frames_come_at_the_configured_rate_not_faster()
    {
        using var source = new ImageFileFrameSource(SharedAssets.Image("cat.bmp"), fps: 10);
        source.Start();
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out _));
        source.Release();

        // The next frame is due in 100 ms, so a 10 ms wait finds nothing.
        Assert.Equal(FrameWaitResult.Timeout, source.TryAcquire(TimeSpan.FromMilliseconds(10), out _));
    }

    [Fact]
    public void An_empty_folder_or_missing_path_is_a_configuration_error_naming_the_key()
    {
        var emptyFolder = new ImageFileFrameSource(_scratch, 30);
        var missing = new ImageFileFrameSource(Path.Combine(_scratch, "missing"), 30);

        Assert.Contains("Camera:Path folder", Assert.Throws<CameraConfigurationException>(emptyFolder.Start).Message);
        Assert.Contains("Camera:Path", Assert.Throws<CameraConfigurationException>(missing.Start).Message);
    }
}
