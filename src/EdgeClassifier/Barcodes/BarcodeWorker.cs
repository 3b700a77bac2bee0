using System.Diagnostics;
using EdgeClassifier.Hardware.Camera;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Barcodes;

/// <summary>
/// Decodes frames on a thread of its own. The frame thread hands over a copy of a frame's luma with
/// <see cref="Offer"/>, which never waits and allocates nothing: three buffers rotate between the frame thread (filling
/// one), a waiting slot, and the decoder; a frame offered while another still waits replaces it (newest wins), so a
/// slow decode costs scans, never frame time. New codes (see <see cref="RepeatFilter"/>) go to the sinks as scans.
/// </summary>
public sealed partial class BarcodeWorker : IDisposable
{
    private readonly BarcodeDecoder _decoder;
    private readonly RepeatFilter _repeats;
    private readonly Func<ScanClassification?> _classification;
    private readonly IReadOnlyList<IBarcodeSink> _sinks;
    private readonly float[]? _regionOfInterest;
    private readonly ILogger _logger;
    private readonly object _handOver = new();
    private readonly Thread _thread;
    private readonly DecodeTimes _times = new(1024);
    private LumaImage _filling = new();
    private LumaImage _waiting = new();
    private LumaImage _decoding = new();
    private bool _hasWaiting;
    private bool _stopping;
    private long _offered;
    private long _replaced;
    private long _scans;

    /// <param name="decoder">Owned by this worker from now on.</param>
    /// <param name="regionOfInterest">Normalised part of each frame to search (null = all).</param>
    /// <param name="repeats">Tells new scans from repeated sightings.</param>
    /// <param name="classification">The decision current when a code is read (called on the worker thread).</param>
    /// <param name="sinks">Where scans go.</param>
    /// <param name="logger">Decoder failures.</param>
    public BarcodeWorker(BarcodeDecoder decoder, float[]? regionOfInterest, RepeatFilter repeats,
        Func<ScanClassification?> classification, IReadOnlyList<IBarcodeSink> sinks, ILogger logger)
    {
        _decoder = decoder;
        _regionOfInterest = regionOfInterest;
        _repeats = repeats;
        _classification = classification;
        _sinks = sinks;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "barcode decoder" };
        _thread.Start();
    }

    /// <summary>
    /// A worker reading what <paramref name="options"/> ask for (formats, try harder/inverted, region of interest),
    /// telling repeats within <c>Barcode:RepeatSeconds</c> by <paramref name="time"/>.
    /// </summary>
    public static BarcodeWorker Create(BarcodeOptions options, Func<ScanClassification?> classification, IReadOnlyList<IBarcodeSink> sinks,
        TimeProvider time, ILogger logger)
    {
        var settings = new BarcodeDecoderSettings(
            BarcodeFormatNames.TryParse(options.Formats, out string? problem) ?? throw new ArgumentException(problem), options.TryHarder, options.TryInverted);
        return new BarcodeWorker(new BarcodeDecoder(settings), options.RegionOfInterest is { Length: > 0 } roi ? roi : null,
            new RepeatFilter(TimeSpan.FromSeconds(options.RepeatSeconds), time), classification, sinks, logger);
    }

    /// <summary>Frames handed over.</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Frames replaced by a newer one before the decoder got to them.</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    /// <summary>Frames decoded.</summary>
    public long Decoded => _times.Count;

    /// <summary>New scans sent to the sinks.</summary>
    public long Scans => Interlocked.Read(ref _scans);

    /// <summary>Recent decode times in milliseconds (the last 1024), for <c>bench --barcodes</c> and stats.</summary>
    public DecodeTimes Times => _times;

    /// <summary>
    /// Copies the luma of <paramref name="image"/> for the decoder. Frame thread only; returns at once and allocates
    /// nothing once the first frame of a size has been seen.
    /// </summary>
    public void Offer(ImageView image, long sequence, DateTimeOffset timestamp)
    {
        _filling.CopyFrom(image, _regionOfInterest, sequence, timestamp);
        lock (_handOver)
        {
            (_filling, _waiting) = (_waiting, _filling);
            if (_hasWaiting)
            {
                _replaced++;
            }

            _hasWaiting = true;
            _offered++;
            Monitor.Pulse(_handOver);
        }
    }

    /// <summary>Waits until the frame offered last has been decoded (tests and the benchmark), up to <paramref name="timeout"/>.</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_handOver)
            {
                if (!_hasWaiting && Decoded + Replaced >= Offered)
                {
                    return true;
                }
            }

            Thread.Sleep(5);
        }

        return false;
    }

    /// <summary>Stops the decoder thread (a decode in progress finishes first).</summary>
    public void Dispose()
    {
        lock (_handOver)
        {
            _stopping = true;
            Monitor.Pulse(_handOver);
        }

        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            lock (_handOver)
            {
                while (!_hasWaiting && !_stopping)
                {
                    Monitor.Wait(_handOver);
                }

                if (_stopping)
                {
                    return;
                }

                (_waiting, _decoding) = (_decoding, _waiting);
                _hasWaiting = false;
            }

            long started = Stopwatch.GetTimestamp();
            IReadOnlyList<BarcodeCode> codes;
            try
            {
                codes = _decoder.Decode(_decoding);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                // A decoder bug on one odd frame must not end scanning: log it and take the next frame.
                LogDecodeFailed(ex, _decoding.Sequence);
                codes = [];
            }

            _times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            foreach (BarcodeCode code in codes)
            {
                if (_repeats.IsNew(code.Text))
                {
                    Publish(new BarcodeScan(code, _decoding.Timestamp, _decoding.Sequence, _classification()));
                }
            }
        }
    }

    private void Publish(BarcodeScan scan)
    {
        Interlocked.Increment(ref _scans);
        foreach (IBarcodeSink sink in _sinks)
        {
            if (!sink.TryPublish(scan))
            {
                LogSinkBehind(sink.Name, scan.Code.Text);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Barcode decoder failed on frame {Sequence}; continuing with the next frame")]
    private partial void LogDecodeFailed(Exception ex, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Output {Sink} is behind; scan {Text} was dropped from its queue")]
    private partial void LogSinkBehind(string sink, string text);
}
