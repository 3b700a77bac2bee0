using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.V4l2;
using EdgeClassifier.Preprocessing;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier diagnose capture|preprocess</c> (hidden): checks on real hardware that frames come from the
/// driver as the pipeline assumes and that the vectorised preprocessing equals the scalar reference there. Used by
/// the VM test and the arm64 smoke test; exit code 1 when a check fails.
/// </summary>
public static partial class DiagnoseCommand
{

    public static Command Create()
    {
        var command = new Command("diagnose", "Hardware self-checks: real capture and vectorised preprocessing.") { Hidden = true };
        command.Subcommands.Add(CreateCapture());
        command.Subcommands.Add(CreatePreprocess());
        return command;
    }

    private static Command CreateCapture()
    {
        var device = new Option<string>("--device") { Description = "V4L2 device node", DefaultValueFactory = _ => "/dev/video0" };
        var format = new Option<string>("--format") { Description = "Pixel format fourccs, comma-separated, e.g. YUYV,NV12", DefaultValueFactory = _ => "YUYV" };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 640 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 480 };
        var frames = new Option<int>("--frames") { Description = "Frames to grab and check", DefaultValueFactory = _ => 5 };
        var command = new Command("capture", "Grab frames from a V4L2 device in each format; report sequence numbers, timestamps and preprocessing agreement.")
        {
            device, format, width, height, frames,
        };
        command.SetAction(parse =>
        {
            var pixelFormats = new List<PixelFormat>();
            foreach (string fourCc in parse.GetValue(format)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!CameraOptions.TryParsePixelFormat(fourCc, out PixelFormat pixelFormat) || pixelFormat == PixelFormat.Mjpeg)
                {
                    throw new CliException($"--format: '{fourCc}' is not an uncompressed format this program reads (YUYV, UYVY, NV12, YU12, RGB3, BGR3, GREY).");
                }

                pixelFormats.Add(pixelFormat);
            }

            int count = parse.GetValue(frames);
            if (count is < 2 or > 1000)
            {
                throw new CliException($"--frames: {count} must be between 2 and 1000 (two are needed to see sequence numbers advance).");
            }

            string path = parse.GetValue(device)!;
            var reports = pixelFormats.Select(f => Capture(path, f, parse.GetValue(width), parse.GetValue(height), count)).ToList();
            return Print(new CaptureSummary(path, reports));
        });
        return command;
    }

    private static Command CreatePreprocess()
    {
        var command = new Command("preprocess", "Compare vectorised and scalar preprocessing on synthetic images of every pixel format.");
        command.SetAction(_ => Print(PreprocessSynthetic()));
        return command;
    }

    private static FormatCaptureReport Capture(string device, PixelFormat format, int width, int height, int count)
    {
        using var source = new V4l2FrameSource(device, width, height, fps: 30, format);
        try
        {
            source.Start();
        }
        catch (Exception ex) when (ex is V4l2Exception or CameraConfigurationException)
        {
            throw new CliException($"--device: cannot capture {format.FourCc()} from {device}: {ex.Message}", ex);
        }

        var crossCheck = new PreprocessingCrossCheck();
        var frames = new List<CapturedFrameReport>();
        while (frames.Count < count)
        {
            if (source.TryAcquire(TimeSpan.FromSeconds(10), out Frame frame) != FrameWaitResult.Frame)
            {
                break;
            }

            try
            {
                ImageView image = frame.Image;
                frames.Add(new CapturedFrameReport(
                    frame.Sequence,
                    frame.Timestamp * 1_000_000 / Stopwatch.Frequency,
                    image.Data.Length,
                    image.Data.IndexOfAnyExcept(image.Data[0]) >= 0,
                    crossCheck.Compare(image)));
            }
            finally
            {
                source.Release();
            }
        }

        return new FormatCaptureReport(format.FourCc(), source.Format.FourCc(), source.Width, source.Height, source.Stride, source.DroppedFrames, source.StaleFrames, frames);
    }

    private static PreprocessReport PreprocessSynthetic()
    {
        var formats = new List<FormatReport>();
        foreach (PixelFormat format in Enum.GetValues<PixelFormat>().Where(f => f != PixelFormat.Mjpeg))
        {
            var crossCheck = new PreprocessingCrossCheck();

            // Random bytes are the hardest input (every neighbour differs); the padded stride checks row addressing.
            string? difference = null;
            foreach ((int width, int height, int padding) in new[] { (640, 480, 0), (322, 242, 64) })
            {
                int stride = format.MinimumStride(width) + padding;
                byte[] data = new byte[format.FrameSize(height, stride)];
                new Random(width + (int)format).NextBytes(data);
                difference ??= crossCheck.Compare(new ImageView(data, format, width, height, stride));
            }

            formats.Add(new FormatReport(format.FourCc(), difference is null, difference));
        }

        return new PreprocessReport(RuntimeInformation.ProcessArchitecture.ToString(), Vector.IsHardwareAccelerated, Vector<byte>.Count * 8,
            System.Runtime.Intrinsics.X86.Avx2.IsSupported, System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported, formats);
    }

    private static int Print(IDiagnosticReport report)
    {
        Console.WriteLine(JsonSerializer.Serialize(report, report.GetType(), DiagnosticJson.Default));
        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private interface IDiagnosticReport
    {
        bool Passed { get; }
    }

    private sealed record CapturedFrameReport(long Sequence, long TimestampMicroseconds, int Bytes, bool PixelsVary, string? Mismatch)
    {
        public bool Match => Mismatch is null;
    }

    private sealed record CaptureSummary(string Device, List<FormatCaptureReport> Formats) : IDiagnosticReport
    {
        public bool Passed => Formats.All(f => f.Passed);
    }

    private sealed record FormatCaptureReport(
        string Requested, string Format, int Width, int Height, int Stride, long DriverDrops, long StaleFrames, List<CapturedFrameReport> Frames)
        : IDiagnosticReport
    {
        public bool SequenceAdvances => Frames.Zip(Frames.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence);

        public bool TimestampsMonotonic => Frames.Zip(Frames.Skip(1)).All(p => p.Second.TimestampMicroseconds > p.First.TimestampMicroseconds);

        public bool AllMatch => Frames.All(f => f.Match);

        public bool Passed => Frames.Count >= 2 && SequenceAdvances && TimestampsMonotonic && AllMatch && Frames.All(f => f.PixelsVary);
    }

    private sealed record FormatReport(string Format, bool Match, string? Mismatch);

    private sealed record PreprocessReport(string Architecture, bool VectorAccelerated, int VectorBits, bool Avx2, bool AdvSimd, List<FormatReport> Formats)
        : IDiagnosticReport
    {
        public bool Passed => Formats.All(f => f.Match);
    }

    /// <summary>Each report's serialisation (web defaults, indented), written at compile time: no reflection, so Native AOT builds print them too.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
    [JsonSerializable(typeof(CaptureSummary))]
    [JsonSerializable(typeof(PreprocessReport))]
    private sealed partial class DiagnosticJson : JsonSerializerContext;
}
