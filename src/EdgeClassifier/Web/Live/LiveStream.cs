using EdgeClassifier.Outputs.Snapshots;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Web.Live;

/// <summary>
/// The JPEGs behind <c>/api/stream.mjpg</c>. While at least one viewer watches, its own thread encodes the newest
/// frame the snapshot tap copied, <see cref="WebOptions.StreamFps"/> times a second; with no viewer nothing is
/// encoded and the tap goes back to its idle rate. Every viewer gets the newest JPEG when it is ready for one: a
/// slow viewer skips frames, nothing queues up for it.
/// </summary>
public sealed partial class LiveStream : IDisposable
{
    private readonly ISnapshotFrameProvider _frames;
    private readonly FrameCopyDemand _demand;
    private readonly WebOptions _options;
    private readonly ILogger _logger;
    private readonly JpegSnapshotEncoder _encoder;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _watched = new(false);
    private readonly CancellationTokenSource _stopping = new();
    private Thread? _thread;
    private int _viewers;
    private StreamFrame? _current;
    private TaskCompletionSource<StreamFrame> _next = NewWaiter();

    /// <summary>Creates the stream; nothing runs until the first viewer joins.</summary>
    public LiveStream(ISnapshotFrameProvider frames, FrameCopyDemand demand, WebOptions options, ILogger<LiveStream> logger)
    {
        _frames = frames;
        _demand = demand;
        _options = options;
        _logger = logger;
        _encoder = new JpegSnapshotEncoder(_options.StreamWidth, _options.StreamQuality);
        _interval = TimeSpan.FromSeconds(1 / _options.StreamFps);
    }

    /// <summary>Viewers watching now.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <summary>JPEGs encoded since start.</summary>
    public long Encoded { get; private set; }

    /// <summary>Starts watching; dispose the result when the viewer leaves.</summary>
    public IDisposable Join()
    {
        lock (_gate)
        {
            if (++_viewers == 1)
            {
                _demand.Watch(_options.StreamFps, _options.StreamWidth);
                _thread ??= StartEncoder();
                _watched.Set();
            }
        }

        return new Leave(this);
    }

    /// <summary>Encodes one frame as the stream would (for <c>/api/snapshot.jpg</c>), on the caller's thread.</summary>
    public byte[] EncodeStill(SnapshotFrame frame) => _encoder.Encode(frame);

    /// <summary>The next JPEG newer than <paramref name="after"/> (null = any), waiting for it when needed.</summary>
    public async Task<StreamFrame> NextAsync(StreamFrame? after, CancellationToken cancellationToken)
    {
        StreamFrame? now = Volatile.Read(ref _current);
        if (now is not null && (after is null || now.Number > after.Number))
        {
            return now;
        }

        Task<StreamFrame> waiter;
        lock (_gate)
        {
            waiter = _next.Task;
        }

        return await waiter.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _watched.Set();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _stopping.Dispose();
        _watched.Dispose();
    }

    private Thread StartEncoder()
    {
        var encoderThread = new Thread(EncodeWhileWatched) { IsBackground = true, Name = "web-stream" };
        encoderThread.Start();
        return encoderThread;
    }

    private void EncodeWhileWatched()
    {
        long lastSequence = -1;
        long number = 0;
        CancellationToken stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            _watched.Wait();
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                using SnapshotFrame? frame = _frames.Copy(null);
                if (frame is not null && frame.Sequence != lastSequence)
                {
                    lastSequence = frame.Sequence;
                    Publish(new StreamFrame(++number, frame.Sequence, _encoder.Encode(frame)));
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                LogEncodeFailed(ex);
            }

            stop.WaitHandle.WaitOne(_interval);
        }
    }

    private void Publish(StreamFrame frame)
    {
        TaskCompletionSource<StreamFrame> waiting;
        lock (_gate)
        {
            Volatile.Write(ref _current, frame);
            waiting = _next;
            _next = NewWaiter();
        }

        Encoded++;
        waiting.TrySetResult(frame);
    }

    private void RemoveViewer()
    {
        lock (_gate)
        {
            if (--_viewers == 0)
            {
                _watched.Reset();
                _demand.Relax();
            }
        }
    }

    private static TaskCompletionSource<StreamFrame> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live stream: a frame could not be encoded")]
    private partial void LogEncodeFailed(Exception ex);

    private sealed class Leave(LiveStream stream) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                stream.RemoveViewer();
            }
        }
    }
}

/// <summary>One encoded stream frame: its number in the stream, the camera frame it shows, the JPEG.</summary>
public sealed record StreamFrame(long Number, long Sequence, byte[] Jpeg);
