namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>Constants from <c>linux/videodev2.h</c> and <c>asm-generic/errno-base.h</c> that the capture code uses.</summary>
internal static class V4l2Constants
{
    public const uint BufTypeVideoCapture = 1;
    public const uint MemoryMmap = 1;
    public const uint FieldNone = 1;

    public const uint CapVideoCapture = 0x00000001;
    public const uint CapVideoCaptureMplane = 0x00001000;
    public const uint CapStreaming = 0x04000000;
    public const uint CapDeviceCaps = 0x80000000;

    /// <summary><c>V4L2_CAP_TIMEPERFRAME</c> in <c>v4l2_captureparm.capability</c>: the driver accepts a frame rate.</summary>
    public const uint CapTimePerFrame = 0x1000;

    public const uint FrmSizeTypeDiscrete = 1;
    public const uint FrmIvalTypeDiscrete = 1;

    public const uint BufFlagError = 0x00000040;
    public const uint BufFlagTimestampMask = 0x0000e000;
    public const uint BufFlagTimestampMonotonic = 0x00002000;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;

    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const short PollNval = 0x020;

    /// <summary>The four-character code as the kernel packs it: first character in the lowest byte.</summary>
    public static uint FourCc(string code) =>
        code[0] | ((uint)code[1] << 8) | ((uint)code[2] << 16) | ((uint)code[3] << 24);

    /// <summary>The text of a packed four-character code, e.g. <c>YUYV</c>.</summary>
    public static string FourCcText(uint code) => string.Create(4, code, static (chars, value) =>
    {
        for (int i = 0; i < 4; i++)
        {
            chars[i] = (char)((value >> (8 * i)) & 0xff);
        }
    });
}
