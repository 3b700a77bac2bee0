using System.Runtime.CompilerServices;

namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>
/// The V4L2 ioctl request numbers, computed the way <c>asm-generic/ioctl.h</c> does (<c>_IOR</c>, <c>_IOW</c>,
/// <c>_IOWR</c>): direction in bits 30-31, argument size in bits 16-29, type <c>'V'</c> in bits 8-15, number in bits
/// 0-7. x86_64 and aarch64 both use this generic encoding; the struct sizes are the 64-bit ones.
/// </summary>
internal static class V4l2Ioctl
{
    private const uint DirWrite = 1;
    private const uint DirRead = 2;

    public static readonly uint QueryCap = Read<V4l2Capability>(0);
    public static readonly uint EnumFmt = ReadWrite<V4l2FmtDesc>(2);
    public static readonly uint GetFmt = ReadWrite<V4l2Format>(4);
    public static readonly uint SetFmt = ReadWrite<V4l2Format>(5);
    public static readonly uint ReqBufs = ReadWrite<V4l2RequestBuffers>(8);
    public static readonly uint QueryBuf = ReadWrite<V4l2Buffer>(9);
    public static readonly uint QBuf = ReadWrite<V4l2Buffer>(15);
    public static readonly uint DqBuf = ReadWrite<V4l2Buffer>(17);
    public static readonly uint StreamOn = Write<int>(18);
    public static readonly uint StreamOff = Write<int>(19);
    public static readonly uint GetParm = ReadWrite<V4l2StreamParm>(21);
    public static readonly uint SetParm = ReadWrite<V4l2StreamParm>(22);
    public static readonly uint EnumFrameSizes = ReadWrite<V4l2FrmSizeEnum>(74);
    public static readonly uint EnumFrameIntervals = ReadWrite<V4l2FrmIvalEnum>(75);

    private static uint Read<T>(uint number)
        where T : unmanaged => Encode(DirRead, number, Unsafe.SizeOf<T>());

    private static uint Write<T>(uint number)
        where T : unmanaged => Encode(DirWrite, number, Unsafe.SizeOf<T>());

    private static uint ReadWrite<T>(uint number)
        where T : unmanaged => Encode(DirRead | DirWrite, number, Unsafe.SizeOf<T>());

    private static uint Encode(uint direction, uint number, int size) =>
        (direction << 30) | ((uint)size << 16) | ((uint)'V' << 8) | number;
}
