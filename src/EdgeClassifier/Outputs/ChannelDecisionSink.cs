using EdgeClassifier.Pipeline;
using System.Threading.Channels;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs;

/// <summary>Hands decisions to an output's own bounded queue (MQTT, GPIO); the output drains it on its own thread.</summary>
public sealed class ChannelDecisionSink(string name, ChannelWriter<Decision> queue) : IDecisionSink
{
    public string Name => name;

    public bool TryPublish(Decision decision) => queue.TryWrite(decision);
}
