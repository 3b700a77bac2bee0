using EdgeClassifier.Pipeline;
using System.Threading.Channels;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs;

/// <summary>
/// An output's bounded queue of decisions (MQTT, GPIO, the web, the decisions file): the frame thread publishes
/// without waiting, the output reads <see cref="Reader"/> on its own thread, and when the output falls behind the
/// oldest decision is dropped and counted. Publishing and counting allocate nothing.
/// </summary>
public sealed class DecisionQueue : IDecisionSink
{
    private readonly Channel<Decision> _channel;
    private readonly Action? _published;
    private long _dropped;

    /// <summary>Creates the queue; <paramref name="published"/>, when given, runs after each publish (e.g. to wake a thread).</summary>
    public DecisionQueue(string name, int capacity, Action? published = null)
    {
        Name = name;
        _published = published;
        _channel = Channel.CreateBounded<Decision>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Where the output takes decisions from.</summary>
    public ChannelReader<Decision> Reader => _channel.Reader;

    /// <inheritdoc />
    public void Publish(Decision decision)
    {
        // After Complete (shutdown) the write is refused: nothing reads any more, so it is not a drop.
        if (_channel.Writer.TryWrite(decision))
        {
            _published?.Invoke();
        }
    }

    /// <summary>Refuses further decisions; the reader finishes once it has taken what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
