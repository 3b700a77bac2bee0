using EdgeClassifier.Pipeline;
using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs;

namespace EdgeClassifier.Benchmarking;

/// <summary>
/// The bench's only output: counts the decisions the frame path emits. A changed decision is the one thing on the
/// frame path that allocates, so the count explains a non-zero allocation per frame.
/// </summary>
internal sealed class DecisionCounter : IDecisionSink
{
    private long _count;

    public string Name => "bench";

    public long Count => Interlocked.Read(ref _count);

    public long Dropped => 0;

    public void Publish(Decision decision) => Interlocked.Increment(ref _count);
}
