using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Camera.Rpicam;

namespace EdgeClassifier.Tests.Camera;

/// <summary>
/// Runs the rpicam source against a stand-in for <c>rpicam-vid</c>: a shell script that records its arguments and
/// writes raw YUV420 frames to stdout, frame <c>n</c> filled with the byte <c>n + 1</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RpicamFrameSourceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("rpicam-standin-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Frames_are_read_whole_with_the_padded_stride_and_the_process_gets_the_documented_arguments()
    {
        // Width 100 pads to a 128-byte luma stride: 128*16 + 2*64*8 = 3072 bytes per frame.
        using var source = new RpicamFrameSource(StandIn(frames: 4, frameBytes: 3072), 100, 16, 25, cameraIndex: 1);
        source.Start();

        var seen = ReadUntilLost(source, expectedBytes: 3072);

        Assert.Equal(128, source.Stride);
        Assert.Equal(3, seen[^1]);
        Assert.Equal(
            "--codec yuv420 -o - --width 100 --height 16 --framerate 25 -t 0 --nopreview --camera 1",
            File.ReadAllText(Path.Combine(_folder, "args.txt")).Trim());
        Assert.Contains("stopped after 4 frames", source.LastError);
    }

    [Fact]
    public void Start_after_the_process_died_runs_it_again()
    {
        using var source = new RpicamFrameSource(StandIn(frames: 2, frameBytes: 1536), 64, 16, 30);
        source.Start();
        ReadUntilLost(source, expectedBytes: 1536);

        source.Stop();
        source.Start();

        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out var frame));
        Assert.Equal(2, source.Launches);
        Assert.Equal(PixelFormat.Yuv420, frame.Image.Format);
        source.Release();
    }

    [Fact]
    public void The_resilient_wrapper_restarts_a_dying_process_and_counts_it()
    {
        var rpicam = new RpicamFrameSource(StandIn(frames: 3, frameBytes: 1536), 64, 16, 30);
        using var source = new ResilientFrameSource(rpicam) { InitialBackoff = TimeSpan.FromMilliseconds(10) };
        source.Start();

        int frames = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (frames < 10 && DateTime.UtcNow < deadline)
        {
            if (source.TryAcquire(TimeSpan.FromMilliseconds(200), out var frame) == FrameWaitResult.Frame)
            {
                Assert.Equal((byte)(frame.Sequence + 1), frame.Image.Data[^1]);
                frames++;
                source.Release();
            }
        }

        Assert.Equal(10, frames);
        Assert.True(source.Reconnects >= 3, $"reconnects {source.Reconnects}");
        Assert.Equal(source.Reconnects + 1, rpicam.Launches);
    }

    [Fact]
    public void Stop_ends_a_process_that_would_run_forever()
    {
        using var source = new RpicamFrameSource(StandIn(frames: 1_000_000, frameBytes: 1536), 64, 16, 30);
        source.Start();
        Assert.Equal(FrameWaitResult.Frame, source.TryAcquire(Wait, out _));
        source.Release();

        source.Stop();

        Assert.Equal(FrameWaitResult.Lost, source.TryAcquire(TimeSpan.Zero, out _));
    }

    [Fact]
    public void A_missing_executable_fails_to_start()
    {
        using var source = new RpicamFrameSource(Path.Combine(_folder, "no-such-rpicam-vid"), 64, 16, 30);

        Assert.ThrowsAny<Exception>(source.Start);
    }

    private static List<long> ReadUntilLost(RpicamFrameSource source, int expectedBytes)
    {
        var sequences = new List<long>();
        FrameWaitResult result;
        while ((result = source.TryAcquire(Wait, out var frame)) == FrameWaitResult.Frame)
        {
            // A whole frame, never two half frames: every byte belongs to the same frame.
            Assert.Equal(expectedBytes, frame.Image.Data.Length);
            Assert.Equal(-1, frame.Image.Data.IndexOfAnyExcept((byte)(frame.Sequence + 1)));
            sequences.Add(frame.Sequence);
            source.Release();
        }

        Assert.Equal(FrameWaitResult.Lost, result);
        Assert.Equal(sequences.Order(), sequences);
        return sequences;
    }

    private string StandIn(int frames, int frameBytes)
    {
        string path = Path.Combine(_folder, "rpicam-vid");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            echo "$@" > "$(dirname "$0")/args.txt"
            i=1
            while [ $i -le {{frames}} ]; do
              head -c {{frameBytes}} /dev/zero | tr '\000' "\\$(printf '%03o' $((i % 256)))"
              i=$((i + 1))
            done
            echo "stand-in done" >&2
            """.Replace("\r", string.Empty));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
