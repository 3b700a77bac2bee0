using System.Threading.Channels;
using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs;
using EdgeClassifier.Web.Metrics;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Web.Live;

/// <summary>
/// The web's view of decisions: the frame path hands each changed decision to <see cref="Sink"/> (a bounded queue
/// that drops its oldest entry), and this service keeps the latest one, the recent events with thumbnails, and
/// passes each to the open <c>/api/decisions</c> streams. A slow stream loses decisions; it never holds anyone up.
/// </summary>
public sealed class DecisionFeed : BackgroundService
{
    private const int RecentEvents = 20;
    private readonly EventThumbnails _thumbnails;
    private readonly DecisionsByLabel? _counter;
    private readonly Lock _gate = new();
    private readonly LinkedList<LiveEvent> _events = new();
    private readonly List<ChannelWriter<Decision>> _subscribers = [];
    private Decision? _latest;
    private long _nextEventId;

    /// <summary>Creates the feed; <paramref name="counter"/> (metrics) sees every decision when given.</summary>
    public DecisionFeed(EventThumbnails thumbnails, DecisionsByLabel? counter = null)
    {
        _thumbnails = thumbnails;
        _counter = counter;
    }

    /// <summary>What the frame path publishes to.</summary>
    public DecisionQueue Sink { get; } = new("web", 256);

    /// <summary>The newest decision, or null before the first.</summary>
    public Decision? Latest => Volatile.Read(ref _latest);

    /// <summary>The recent events, newest first.</summary>
    public IReadOnlyList<LiveEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>
    /// A stream of decisions from now on, for one client. Up to 16 wait for it; beyond that the oldest are
    /// dropped. Dispose the subscription when the client goes away.
    /// </summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<Decision>(
            new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        lock (_gate)
        {
            _subscribers.Add(channel.Writer);
        }

        return new Subscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel.Writer);
            }
        });
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (Decision decision in Sink.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            Decision? before = Latest;
            Volatile.Write(ref _latest, decision);
            _counter?.Count(decision);
            LiveEvent? added = null;
            if (decision.Label != before?.Label)
            {
                long id = ++_nextEventId;
                added = new LiveEvent(id, decision, _thumbnails.Capture(id, decision.Sequence));
            }

            lock (_gate)
            {
                if (added is not null)
                {
                    _events.AddFirst(added);
                    if (_events.Count > RecentEvents)
                    {
                        _thumbnails.Forget(_events.Last!.Value.Id);
                        _events.RemoveLast();
                    }
                }

                foreach (ChannelWriter<Decision> subscriber in _subscribers)
                {
                    subscriber.TryWrite(decision);
                }
            }
        }
    }

    /// <summary>One client's decisions; disposing it ends the subscription.</summary>
    public sealed class Subscription(ChannelReader<Decision> reader, Action unsubscribe) : IDisposable
    {
        /// <summary>The decisions, in order, possibly with gaps when the client was slow.</summary>
        public ChannelReader<Decision> Reader { get; } = reader;

        /// <inheritdoc />
        public void Dispose() => unsubscribe();
    }
}

/// <summary>A change of label shown in the page's event list; <paramref name="HasThumbnail"/> when its frame was still held.</summary>
public sealed record LiveEvent(long Id, Decision Decision, bool HasThumbnail);
