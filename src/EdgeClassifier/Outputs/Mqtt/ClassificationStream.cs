using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Pipeline;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The frame side of the <c>classification</c> stream: lets through at most
/// <see cref="MqttOptions.ClassificationMaxPerSecond"/> frames a second (none unless
/// <see cref="MqttOptions.ClassificationStream"/>) into a small queue that <see cref="ClassificationStreamPublisher"/>
/// drains. Only the frame thread calls <see cref="Wants"/>.
/// </summary>
public sealed class ClassificationStream(MqttOptions options) : IClassificationStream
{
    private readonly bool _enabled = options.ClassificationStream;
    private readonly long _intervalTicks = (long)(Stopwatch.Frequency / options.ClassificationMaxPerSecond);
    private long _nextTicks;

    /// <summary>The classifications waiting to be published (a few: a newer one replaces the oldest).</summary>
    public DecisionQueue Queue { get; } = new("classification", 4);

    /// <inheritdoc />
    public bool Wants(long nowTicks)
    {
        if (!_enabled || nowTicks < _nextTicks)
        {
            return false;
        }

        _nextTicks = nowTicks + _intervalTicks;
        return true;
    }

    /// <inheritdoc />
    public void Publish(Decision classification) => Queue.Publish(classification);
}
