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
    private readonly ISnapshotFrameProvider frames;
    private readonly FrameCopyDemand demand;
    private readonly WebOptions options;
    private readonly ILogger logger;
    private readonly JpegSnapshotEncoder encoder;
    private readonly TimeSpan interval;
    private readonly Lock gate = new();
    private readonly ManualResetEventSlim watched = new(false);
    private readonly CancellationTokenSource stopping = new();
    private Thread? thread;
    private int viewers;
    private StreamFrame? current;
    private TaskCompletionSource<StreamFrame> next = NewWaiter();

    /// <summary>Creates the stream; nothing runs until the first viewer joins.</summary>
    public LiveStream(ISnapshotFrameProvider frames, FrameCopyDemand demand, WebOptions options, ILogger<LiveStream> logger)
    {
        this.frames = frames;
        this.demand = demand;
        this.options = options;
        this.logger = logger;
        encoder = new JpegSnapshotEncoder(options.StreamWidth, options.StreamQuality);
        interval = TimeSpan.FromSeconds(1 / options.StreamFps);
    }

    /// <summary>Viewers watching now.</summary>
    public int Viewers => Volatile.Read(ref viewers);

    /// <summary>JPEGs encoded since start.</summary>
    public long Encoded { get; private set; }

    /// <summary>Starts watching; dispose the result when the viewer leaves.</summary>
    public IDisposable Join()
    {
        lock (gate)
        {
            if (++viewers == 1)
            {
                demand.Watch(options.StreamFps, options.StreamWidth);
                thread ??= StartEncoder();
                watched.Set();
            }
        }

        return new Leave(this);
    }

    /// <summary>Encodes one frame as the stream would (for <c>/api/snapshot.jpg</c>), on the caller's thread.</summary>
    public byte[] EncodeStill(SnapshotFrame frame) => encoder.Encode(frame);

    /// <summary>The next JPEG newer than <paramref name="after"/> (null = any), waiting for it when needed.</summary>
    public async Task<StreamFrame> NextAsync(StreamFrame? after, CancellationToken cancellationToken)
    {
        StreamFrame? now = Volatile.Read(ref current);
        if (now is not null && (after is null || now.Number > after.Number))
        {
            return now;
        }

        Task<StreamFrame> waiter;
        lock (gate)
        {
            waiter = next.Task;
        }

        return await waiter.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        watched.Set();
        thread?.Join(TimeSpan.FromSeconds(2));
        stopping.Dispose();
        watched.Dispose();
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
        CancellationToken stop = stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            watched.Wait();
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                using SnapshotFrame? frame = frames.Copy(null);
                if (frame is not null && frame.Sequence != lastSequence)
                {
                    lastSequence = frame.Sequence;
                    Publish(new StreamFrame(++number, frame.Sequence, encoder.Encode(frame)));
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                LogEncodeFailed(ex);
            }

            stop.WaitHandle.WaitOne(interval);
        }
    }

    private void Publish(StreamFrame frame)
    {
        TaskCompletionSource<StreamFrame> waiting;
        lock (gate)
        {
            Volatile.Write(ref current, frame);
            waiting = next;
            next = NewWaiter();
        }

        Encoded++;
        waiting.TrySetResult(frame);
    }

    private void RemoveViewer()
    {
        lock (gate)
        {
            if (--viewers == 0)
            {
                watched.Reset();
                demand.Relax();
            }
        }
    }

    private static TaskCompletionSource<StreamFrame> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live stream: a frame could not be encoded")]
    private partial void LogEncodeFailed(Exception ex);

    private sealed class Leave(LiveStream stream) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                stream.RemoveViewer();
            }
        }
    }
}

/// <summary>One encoded stream frame: its number in the stream, the camera frame it shows, the JPEG.</summary>
public sealed record StreamFrame(long Number, long Sequence, byte[] Jpeg);
