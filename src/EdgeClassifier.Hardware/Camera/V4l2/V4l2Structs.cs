using System.Runtime.InteropServices;

namespace EdgeClassifier.Hardware.Camera.V4l2;

// Layouts of the kernel's videodev2.h structs as a 64-bit Linux kernel (x86_64, aarch64) sees them.
// Explicit offsets where the C compiler inserts padding, so the layout does not depend on how .NET packs fields.

/// <summary><c>struct v4l2_capability</c> (104 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2Capability
{
    public fixed byte Driver[16];
    public fixed byte Card[32];
    public fixed byte BusInfo[32];
    public uint Version;
    public uint Capabilities;
    public uint DeviceCaps;
    public fixed uint Reserved[3];
}

/// <summary><c>struct v4l2_fmtdesc</c> (64 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2FmtDesc
{
    public uint Index;
    public uint Type;
    public uint Flags;
    public fixed byte Description[32];
    public uint PixelFormat;
    public uint MbusCode;
    public fixed uint Reserved[3];
}

/// <summary>
/// <c>struct v4l2_frmsizeenum</c> (44 bytes). The union holds either a discrete size (first two words) or a stepwise
/// range (all six words).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2FrmSizeEnum
{
    public uint Index;
    public uint PixelFormat;
    public uint Type;
    public uint MinOrDiscreteWidth;
    public uint MaxWidthOrDiscreteHeight;
    public uint StepWidth;
    public uint MinHeight;
    public uint MaxHeight;
    public uint StepHeight;
    public fixed uint Reserved[2];
}

/// <summary><c>struct v4l2_fract</c>: a time per frame in seconds, numerator over denominator.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct V4l2Fract
{
    public uint Numerator;
    public uint Denominator;
}

/// <summary>
/// <c>struct v4l2_frmivalenum</c> (52 bytes). The union holds either a discrete interval (<see cref="MinOrDiscrete"/>)
/// or a stepwise range (min, max, step).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2FrmIvalEnum
{
    public uint Index;
    public uint PixelFormat;
    public uint Width;
    public uint Height;
    public uint Type;
    public V4l2Fract MinOrDiscrete;
    public V4l2Fract Max;
    public V4l2Fract Step;
    public fixed uint Reserved[2];
}

/// <summary><c>struct v4l2_pix_format</c> (48 bytes), the single-planar member of the format union.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct V4l2PixFormat
{
    public uint Width;
    public uint Height;
    public uint PixelFormat;
    public uint Field;
    public uint BytesPerLine;
    public uint SizeImage;
    public uint Colorspace;
    public uint Priv;
    public uint Flags;
    public uint YcbcrEnc;
    public uint Quantization;
    public uint XferFunc;
}

/// <summary>
/// <c>struct v4l2_format</c> (208 bytes): the union contains pointers (<c>v4l2_window</c>), so it is 8-byte aligned
/// and starts at offset 8, not 4.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct V4l2Format
{
    [FieldOffset(0)]
    public uint Type;

    [FieldOffset(8)]
    public V4l2PixFormat Pix;
}

/// <summary><c>struct v4l2_captureparm</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2CaptureParm
{
    public uint Capability;
    public uint CaptureMode;
    public V4l2Fract TimePerFrame;
    public uint ExtendedMode;
    public uint ReadBuffers;
    public fixed uint Reserved[4];
}

/// <summary><c>struct v4l2_streamparm</c> (204 bytes): a 200-byte union of 32-bit fields right after the type.</summary>
[StructLayout(LayoutKind.Explicit, Size = 204)]
internal struct V4l2StreamParm
{
    [FieldOffset(0)]
    public uint Type;

    [FieldOffset(4)]
    public V4l2CaptureParm Capture;
}

/// <summary><c>struct v4l2_requestbuffers</c> (20 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2RequestBuffers
{
    public uint Count;
    public uint Type;
    public uint Memory;
    public uint Capabilities;
    public byte Flags;
    public fixed byte Reserved[3];
}

/// <summary>
/// <c>struct v4l2_buffer</c> (88 bytes on 64-bit): <c>struct timeval</c> is two 64-bit longs at offset 24 (after 4
/// bytes of padding), and the <c>m</c> union (offset, userptr, planes, fd) is 8 bytes at offset 64.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal struct V4l2Buffer
{
    [FieldOffset(0)]
    public uint Index;

    [FieldOffset(4)]
    public uint Type;

    [FieldOffset(8)]
    public uint BytesUsed;

    [FieldOffset(12)]
    public uint Flags;

    [FieldOffset(16)]
    public uint Field;

    [FieldOffset(24)]
    public long TimestampSeconds;

    [FieldOffset(32)]
    public long TimestampMicroseconds;

    // 16 bytes of struct v4l2_timecode at offset 40 are not used.
    [FieldOffset(56)]
    public uint Sequence;

    [FieldOffset(60)]
    public uint Memory;

    /// <summary>For <c>V4L2_MEMORY_MMAP</c>: the offset to pass to <c>mmap</c>.</summary>
    [FieldOffset(64)]
    public uint Offset;

    [FieldOffset(72)]
    public uint Length;

    [FieldOffset(76)]
    public uint Reserved2;

    [FieldOffset(80)]
    public int RequestFd;
}
