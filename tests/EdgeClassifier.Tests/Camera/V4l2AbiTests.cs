using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeClassifier.Hardware.Camera.V4l2;

namespace EdgeClassifier.Tests.Camera;

/// <summary>
/// The struct layouts and ioctl numbers must match the 64-bit kernel ABI (x86_64 and aarch64 share it); the expected
/// numbers are those <c>videodev2.h</c> yields on those architectures.
/// </summary>
public class V4l2AbiTests
{
    [Fact]
    public void Struct_sizes_match_the_64_bit_kernel()
    {
        Assert.Equal(104, Unsafe.SizeOf<V4l2Capability>());
        Assert.Equal(64, Unsafe.SizeOf<V4l2FmtDesc>());
        Assert.Equal(44, Unsafe.SizeOf<V4l2FrmSizeEnum>());
        Assert.Equal(52, Unsafe.SizeOf<V4l2FrmIvalEnum>());
        Assert.Equal(48, Unsafe.SizeOf<V4l2PixFormat>());
        Assert.Equal(208, Unsafe.SizeOf<V4l2Format>());
        Assert.Equal(40, Unsafe.SizeOf<V4l2CaptureParm>());
        Assert.Equal(204, Unsafe.SizeOf<V4l2StreamParm>());
        Assert.Equal(20, Unsafe.SizeOf<V4l2RequestBuffers>());
        Assert.Equal(88, Unsafe.SizeOf<V4l2Buffer>());
        Assert.Equal(88, Marshal.SizeOf<V4l2Buffer>());
    }

    [Fact]
    public void Buffer_fields_sit_at_the_kernel_offsets()
    {
        Assert.Equal(24, Marshal.OffsetOf<V4l2Buffer>(nameof(V4l2Buffer.TimestampSeconds)).ToInt32());
        Assert.Equal(32, Marshal.OffsetOf<V4l2Buffer>(nameof(V4l2Buffer.TimestampMicroseconds)).ToInt32());
        Assert.Equal(56, Marshal.OffsetOf<V4l2Buffer>(nameof(V4l2Buffer.Sequence)).ToInt32());
        Assert.Equal(64, Marshal.OffsetOf<V4l2Buffer>(nameof(V4l2Buffer.Offset)).ToInt32());
        Assert.Equal(72, Marshal.OffsetOf<V4l2Buffer>(nameof(V4l2Buffer.Length)).ToInt32());
        Assert.Equal(8, Marshal.OffsetOf<V4l2Format>(nameof(V4l2Format.Pix)).ToInt32());
        Assert.Equal(4, Marshal.OffsetOf<V4l2StreamParm>(nameof(V4l2StreamParm.Capture)).ToInt32());
        Assert.Equal(8, Marshal.OffsetOf<V4l2CaptureParm>(nameof(V4l2CaptureParm.TimePerFrame)).ToInt32());
        Assert.Equal(20, Marshal.OffsetOf<V4l2FrmIvalEnum>(nameof(V4l2FrmIvalEnum.MinOrDiscrete)).ToInt32());
        Assert.Equal(44, Marshal.OffsetOf<V4l2FmtDesc>(nameof(V4l2FmtDesc.PixelFormat)).ToInt32());
    }

    [Fact]
    public void Ioctl_numbers_match_videodev2_h()
    {
        Assert.Equal(0x80685600u, V4l2Ioctl.QueryCap);
        Assert.Equal(0xC0405602u, V4l2Ioctl.EnumFmt);
        Assert.Equal(0xC0D05604u, V4l2Ioctl.GetFmt);
        Assert.Equal(0xC0D05605u, V4l2Ioctl.SetFmt);
        Assert.Equal(0xC0145608u, V4l2Ioctl.ReqBufs);
        Assert.Equal(0xC0585609u, V4l2Ioctl.QueryBuf);
        Assert.Equal(0xC058560Fu, V4l2Ioctl.QBuf);
        Assert.Equal(0xC0585611u, V4l2Ioctl.DqBuf);
        Assert.Equal(0x40045612u, V4l2Ioctl.StreamOn);
        Assert.Equal(0x40045613u, V4l2Ioctl.StreamOff);
        Assert.Equal(0xC0CC5615u, V4l2Ioctl.GetParm);
        Assert.Equal(0xC0CC5616u, V4l2Ioctl.SetParm);
        Assert.Equal(0xC02C564Au, V4l2Ioctl.EnumFrameSizes);
        Assert.Equal(0xC034564Bu, V4l2Ioctl.EnumFrameIntervals);
    }

    [Fact]
    public void Fourcc_packs_the_first_character_lowest()
    {
        Assert.Equal(0x56595559u, V4l2Constants.FourCc("YUYV"));
        Assert.Equal(0x47504A4Du, V4l2Constants.FourCc("MJPG"));
        Assert.Equal("NV12", V4l2Constants.FourCcText(V4l2Constants.FourCc("NV12")));
    }
}
