using System.Diagnostics;
using System.Globalization;

namespace EdgeClassifier.Hardware.Camera.Rpicam;

/// <summary>
/// Captures from a Raspberry Pi CSI camera through libcamera by running <c>rpicam-vid</c> with raw YUV420 output on
/// its stdout. A reader thread cuts the pipe into fixed-size frames in three reused buffers (one being filled, the
/// newest complete frame, the one lent out), so the consumer always gets the newest frame and nothing is allocated.
/// When the process dies the source reports <see cref="FrameWaitResult.Lost"/>; <see cref="Start"/> runs it again
/// (<see cref="ResilientFrameSource"/> does that with back-off).
/// </summary>
public sealed class RpicamFrameSource : IFrameSource, IReportsLastError
{
    /// <summary>libcamera on the Pi pads each YUV420 luma row to a multiple of 64 bytes (chroma rows to half that).</summary>
    public const int RowAlignment = 64;

    private readonly object _gate = new();
    private readonly byte[][] _buffers;
    private readonly long[] _sequences = new long[3];
    private readonly long[] _timestamps = new long[3];

    private Process? _process;
    private Thread? _reader;
    private int _ready = -1;
    private int _lent = -1;
    private bool _ended;
    private string? _lastStderrLine;

    /// <summary>Creates the source; the process starts at <see cref="Start"/>.</summary>
    /// <param name="executable">Path or name of <c>rpicam-vid</c>.</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="fps">Frame rate.</param>
    /// <param name="cameraIndex">Which camera (<c>--camera</c>), or null for the first.</param>
    public RpicamFrameSource(string executable, int width, int height, double fps, int? cameraIndex = null)
    {
        if (width <= 0 || height <= 0 || fps <= 0)
        {
            throw new ArgumentException($"rpicam needs a positive size and rate, got {width}x{height} at {fps} fps.");
        }

        Executable = executable;
        Width = width;
        Height = height;
        Fps = fps;
        CameraIndex = cameraIndex;
        Stride = (width + RowAlignment - 1) / RowAlignment * RowAlignment;
        FrameBytes = PixelFormat.Yuv420.FrameSize(height, Stride);
        _buffers = [new byte[FrameBytes], new byte[FrameBytes], new byte[FrameBytes]];
    }

    /// <summary>The executable run.</summary>
    public string Executable { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Requested frame rate.</summary>
    public double Fps { get; }

    /// <summary>The <c>--camera</c> index, or null.</summary>
    public int? CameraIndex { get; }

    /// <summary>Bytes per luma row in the stream.</summary>
    public int Stride { get; }

    /// <summary>Bytes per frame in the stream.</summary>
    public int FrameBytes { get; }

    /// <summary>Times the process was started.</summary>
    public long Launches { get; private set; }

    /// <inheritdoc/>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public string Name => CameraIndex is { } index ? $"rpicam:{index}" : "rpicam";

    /// <summary>The command-line arguments passed to the executable.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var args = new List<string>
            {
                "--codec", "yuv420", "-o", "-",
                "--width", Width.ToString(CultureInfo.InvariantCulture),
                "--height", Height.ToString(CultureInfo.InvariantCulture),
                "--framerate", Fps.ToString(CultureInfo.InvariantCulture),
                "-t", "0", "--nopreview",
            };
            if (CameraIndex is { } index)
            {
                args.AddRange(["--camera", index.ToString(CultureInfo.InvariantCulture)]);
            }

            return args;
        }
    }

    /// <inheritdoc/>
    public void Start()
    {
        if (_process is not null)
        {
            return;
        }

        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                _lastStderrLine = e.Data;
            }
        };

        try
        {
            process.Start();
        }
        catch
        {
            // A missing executable (Win32Exception) is treated by a resilient wrapper as "not there yet".
            process.Dispose();
            throw;
        }

        process.BeginErrorReadLine();
        Launches++;
        lock (_gate)
        {
            _ready = -1;
            _lent = -1;
            _ended = false;
        }

        _process = process;
        _reader = new Thread(() => ReadFrames(process.StandardOutput.BaseStream)) { IsBackground = true, Name = "rpicam reader" };
        _reader.Start();
    }

    /// <inheritdoc/>
    public FrameWaitResult TryAcquire(TimeSpan timeout, out Frame frame)
    {
        frame = default;
        lock (_gate)
        {
            if (_lent >= 0)
            {
                throw new InvalidOperationException("Release the previous frame before acquiring the next one.");
            }

            if (_process is null)
            {
                return FrameWaitResult.Lost;
            }

            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (_ready < 0 && !_ended)
            {
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero || !Monitor.Wait(_gate, remaining))
                {
                    return FrameWaitResult.Timeout;
                }
            }

            if (_ready < 0)
            {
                return FrameWaitResult.Lost;
            }

            _lent = _ready;
            _ready = -1;
            var image = new ImageView(_buffers[_lent], PixelFormat.Yuv420, Width, Height, Stride);
            frame = new Frame(image, _sequences[_lent], _timestamps[_lent]);
            return FrameWaitResult.Frame;
        }
    }

    /// <inheritdoc/>
    public void Release()
    {
        lock (_gate)
        {
            _lent = -1;
        }
    }

    /// <inheritdoc/>
    public void Stop()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the check and the kill.
        }

        // Killing the process closes the pipe, so the reader sees end of stream and returns.
        _reader?.Join(2000);
        _reader = null;
        process.Dispose();
        lock (_gate)
        {
            _ready = -1;
            _lent = -1;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private void ReadFrames(Stream stdout)
    {
        long sequence = 0;
        int writing = 0;
        try
        {
            while (true)
            {
                stdout.ReadExactly(_buffers[writing], 0, FrameBytes);
                lock (_gate)
                {
                    _sequences[writing] = sequence++;
                    _timestamps[writing] = Stopwatch.GetTimestamp();
                    _ready = writing;
                    writing = FreeBuffer();
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            // The process died or was stopped; a partial last frame is discarded.
        }

        lock (_gate)
        {
            _ended = true;
            LastError = $"{Executable} stopped after {sequence} frames{(_lastStderrLine is null ? string.Empty : $": {_lastStderrLine}")}";
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The buffer neither holding the newest frame nor lent out.</summary>
    private int FreeBuffer()
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (i != _ready && i != _lent)
            {
                return i;
            }
        }

        throw new InvalidOperationException("No free capture buffer.");
    }
}
