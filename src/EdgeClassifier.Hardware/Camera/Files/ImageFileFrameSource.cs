using System.Diagnostics;
using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Hardware.Camera.Files;

/// <summary>
/// Replays one image file or every image in a folder (sorted by name) at a fixed rate, looping or once: as RGB24
/// frames of each image's own size, or — given a <see cref="CameraLayout"/> — as fixed-size frames in a camera pixel
/// format (see <see cref="CameraFrameRenderer"/>). Each file is decoded once, at <see cref="Start"/> (links to the same file share one copy); every <see cref="Frame"/> carries its file name in
/// <see cref="Frame.Name"/> so decisions can be traced back to the image.
/// </summary>
public sealed class ImageFileFrameSource : IFrameSource
{
    private readonly FramePacer _pacer;
    private readonly long _maxImagePixels;
    private readonly CameraLayout? _layout;
    private (string Name, byte[] Pixels, PixelFormat Format, int Width, int Height)[]? _images;
    private int _next;
    private long _sequence;
    private bool _started;

    /// <summary>Creates the source; nothing is read until <see cref="Start"/>.</summary>
    /// <param name="path">An image file or a folder of images.</param>
    /// <param name="fps">Frames per second to replay at.</param>
    /// <param name="loop">Start over after the last image; otherwise report <see cref="FrameWaitResult.End"/>.</param>
    /// <param name="maxImagePixels">The largest image (width × height) to decode; a larger one is a configuration error.</param>
    /// <param name="layout">Deliver frames of this size and pixel format, as a camera would; null keeps each image as RGB24.</param>
    public ImageFileFrameSource(string path, double fps, bool loop = true, long maxImagePixels = ImageSizeLimit.DefaultMaxPixels, CameraLayout? layout = null)
    {
        if (layout?.Format == PixelFormat.Mjpeg)
        {
            throw new ArgumentException("The files source cannot produce MJPEG; choose an uncompressed pixel format.", nameof(layout));
        }

        if (fps <= 0)
        {
            throw new ArgumentException($"The replay rate must be positive, got {fps}.", nameof(fps));
        }

        Path = path;
        Loop = loop;
        _maxImagePixels = maxImagePixels;
        _layout = layout;
        _pacer = new FramePacer(fps);
    }

    /// <summary>The file or folder replayed.</summary>
    public string Path { get; }

    /// <summary>Whether replay starts over after the last image.</summary>
    public bool Loop { get; }

    /// <summary>The file names in replay order (after <see cref="Start"/>).</summary>
    public IReadOnlyList<string> FileNames => _images?.Select(i => i.Name).ToArray() ?? [];

    /// <inheritdoc/>
    public string Name => $"files:{Path}";

    /// <inheritdoc/>
    /// <exception cref="CameraConfigurationException">The path is missing, holds no images, or an image cannot be decoded.</exception>
    public void Start()
    {
        _images ??= LoadImages();
        _next = 0;
        _started = true;
        _pacer.Reset();
    }

    /// <inheritdoc/>
    public FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame)
    {
        frame = default;
        if (!_started || _images is null)
        {
            return FrameWaitResult.Lost;
        }

        if (_next >= _images.Length)
        {
            if (!Loop)
            {
                return FrameWaitResult.End;
            }

            _next = 0;
        }

        if (!_pacer.WaitForNext(timeout))
        {
            return FrameWaitResult.Timeout;
        }

        var (name, pixels, format, width, height) = _images[_next++];
        frame = new Frame(new ImageView(pixels, format, width, height), _sequence++, Stopwatch.GetTimestamp(), name);
        return FrameWaitResult.Frame;
    }

    /// <inheritdoc/>
    public void Release()
    {
        // Decoded images stay in memory for the next loop; nothing to give back.
    }

    /// <inheritdoc/>
    public void Stop() => _started = false;

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private (string, byte[], PixelFormat, int, int)[] LoadImages()
    {
        string[] files;
        if (Directory.Exists(Path))
        {
            files = Directory.EnumerateFiles(Path)
                .Where(ImageFileDecoder.IsSupported)
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (files.Length == 0)
            {
                throw new CameraConfigurationException(
                    $"Camera:Path folder '{Path}' holds no images ({string.Join(", ", ImageFileDecoder.SupportedExtensions)}).");
            }
        }
        else if (File.Exists(Path))
        {
            files = [Path];
        }
        else
        {
            throw new CameraConfigurationException($"Camera:Path '{Path}' is neither an image file nor a folder.");
        }

        try
        {
            // Links to one photo (a folder that holds each picture for a number of frames, e.g. a second at 30 fps)
            // share one decoded copy: decoding each link would hold that many identical frames in memory.
            var decoded = new Dictionary<string, (byte[], PixelFormat, int, int)>(StringComparer.Ordinal);
            return files.Select(f => Load(f, decoded)).ToArray();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new CameraConfigurationException($"Camera:Path: {ex.Message}");
        }
    }

    private (string, byte[], PixelFormat, int, int) Load(string file, Dictionary<string, (byte[], PixelFormat, int, int)> decoded)
    {
        string target = File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? System.IO.Path.GetFullPath(file);
        if (!decoded.TryGetValue(target, out var frame))
        {
            DecodedImage image = ImageFileDecoder.Decode(file, maxPixels: _maxImagePixels);
            frame = _layout is { } layout
                ? (CameraFrameRenderer.Render(image, layout.Format, layout.Width, layout.Height), layout.Format, layout.Width, layout.Height)
                : (image.Rgb, PixelFormat.Rgb24, image.Width, image.Height);
            decoded.Add(target, frame);
        }

        var (pixels, format, width, height) = frame;
        return (System.IO.Path.GetFileName(file), pixels, format, width, height);
    }
}
