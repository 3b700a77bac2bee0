using System.Text.Json;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Synthetic;
using EdgeClassifier.Preprocessing;
using EdgeClassifier.Tests.Cli;

namespace EdgeClassifier.Tests.Diagnostics;

/// <summary>
/// The hidden <c>diagnose</c> command the VM and arm64 tests judge: its report shape and exit codes. The real-device
/// half (V4L2 capture) runs in scripts/vm-test.sh; here there is no camera, so only its input errors are checked.
/// </summary>
public sealed class DiagnoseCommandTests
{
    /// <summary>
    /// At this machine's own vector width and at 128 bits, the width of an ARM board's NEON registers (the JIT
    /// caps <c>Vector&lt;T&gt;</c> there when told to): the same code must match the reference at both.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(128)]
    public void PreprocessReportsEveryUncompressedFormatAsMatchingAndExitsZero(int? vectorBits)
    {
        var environment = new Dictionary<string, string>();
        if (vectorBits is { } bits)
        {
            environment["DOTNET_MaxVectorTBitWidth"] = bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = CliProcess.Run(TimeSpan.FromMinutes(2), environment, "diagnose", "preprocess");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        var formats = report.RootElement.GetProperty("formats").EnumerateArray().ToList();
        Assert.Equal(["RGB3", "BGR3", "YUYV", "UYVY", "NV12", "YU12", "GREY"], formats.Select(f => f.GetProperty("format").GetString()));
        Assert.All(formats, f => Assert.True(f.GetProperty("match").GetBoolean()));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        if (vectorBits is not null && report.RootElement.GetProperty("vectorAccelerated").GetBoolean())
        {
            Assert.Equal(vectorBits, report.RootElement.GetProperty("vectorBits").GetInt32());
        }
    }

    [Fact]
    public void CaptureRejectsACompressedFormatNamingTheOption()
    {
        var result = CliProcess.Run("diagnose", "capture", "--format", "YUYV,MJPG");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("edgeclassifier: --format: 'MJPG'", result.Error);
    }

    [Fact]
    public void CaptureFromAMissingDeviceFailsNamingIt()
    {
        var result = CliProcess.Run("diagnose", "capture", "--device", "/dev/video-none", "--format", "NV12");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot capture NV12 from /dev/video-none", result.Error);
    }

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.Rgb24)]
    public void CrossCheckAgreesOnFramesFromASourceAcrossFrames(PixelFormat format)
    {
        using var source = new SyntheticFrameSource(320, 240, 1000, format);
        source.Start();
        var crossCheck = new PreprocessingCrossCheck();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(TimeSpan.FromSeconds(1), out var frame));
            try
            {
                Assert.Null(crossCheck.Compare(frame.Image));
            }
            finally
            {
                source.Release();
            }
        }
    }
}
