using SkiaSharp;

namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>
/// Decodes Motion-JPEG camera frames into one reused RGB24 buffer, read straight from the camera's buffer. The pixel
/// buffers are allocated once per frame size; SkiaSharp still creates a small wrapper object or two per frame.
/// </summary>
/// <param name="maxPixels">The largest frame (width × height) to allocate for; a larger header counts as a failure.</param>
public sealed class MjpegDecoder(long maxPixels = ImageSizeLimit.DefaultMaxPixels)
{
    private byte[] _rgba = [];
    private byte[] _rgb = [];

    /// <summary>Frames that could not be decoded (corrupt or truncated JPEG data).</summary>
    public long Failures { get; private set; }

    /// <summary>
    /// Decodes one JPEG frame. On success <paramref name="image"/> views the reused RGB buffer, valid until the next call.
    /// </summary>
    public unsafe bool TryDecode(ReadOnlySpan<byte> jpeg, out ImageView image)
    {
        image = default;
        if (jpeg.IsEmpty)
        {
            Failures++;
            return false;
        }

        fixed (byte* bytes = jpeg)
        {
            // SKData.Create(IntPtr, int) references the camera buffer instead of copying it.
            using var data = SKData.Create((IntPtr)bytes, jpeg.Length);
            using var codec = SKCodec.Create(data);
            if (codec is null)
            {
                Failures++;
                return false;
            }

            int width = codec.Info.Width;
            int height = codec.Info.Height;
            if (ImageSizeLimit.Check(width, height, maxPixels) is not null)
            {
                Failures++;
                return false;
            }

            EnsureCapacity(width, height);
            if (ImageFileDecoder.DecodeRgba(codec, _rgba) != SKCodecResult.Success)
            {
                Failures++;
                return false;
            }

            var rgb = _rgb.AsSpan(0, width * height * 3);
            ImageFileDecoder.DropAlpha(_rgba, rgb);
            image = new ImageView(rgb, PixelFormat.Rgb24, width, height);
            return true;
        }
    }

    private void EnsureCapacity(int width, int height)
    {
        int rgbBytes = checked(width * height * 3);
        if (_rgb.Length < rgbBytes)
        {
            _rgba = new byte[checked(width * height * 4)];
            _rgb = new byte[rgbBytes];
        }
    }
}
