using EdgeClassifier.Pipeline;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs;

/// <summary>
/// <c>--decisions-out FILE</c>: one JSON object per decision and line (label, index, score, ambiguous, timestamp,
/// frame, sequence, top), and the lines other parts add (barcode scans), written by a background task.
/// </summary>
public sealed class DecisionFileWriter : IDecisionSink, IAsyncDisposable
{
    private readonly DecisionQueue _queue = new("decisions-file", 1024);
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Task _writer;

    public DecisionFileWriter(string path)
    {
        Path = path;
        var stream = new StreamWriter(path, append: false) { AutoFlush = true };
        _writer = Task.Run(() => WriteAllAsync(stream));
    }

    public string Path { get; }

    public string Name => _queue.Name;

    public long Dropped => _queue.Dropped;

    public void Publish(Decision decision) => _queue.Publish(decision);

    /// <summary>Queues a JSON line another part wrote (e.g. <c>{"barcode": …}</c>); false when full or once the file is closed.</summary>
    public bool TryWriteLine(string json) => _lines.Writer.TryWrite(json);

    /// <summary>Writes what is queued and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        _queue.Complete();
        await _writer.ConfigureAwait(false);
    }

    /// <summary>The JSON line for one decision.</summary>
    /// <remarks>Built as JSON nodes, which write without reflection (trimmed and Native AOT builds keep working).</remarks>
    public static string ToJson(Decision decision) => new JsonObject
    {
        ["label"] = decision.Label,
        ["index"] = decision.Index,
        ["score"] = Math.Round(decision.Score, 6),
        ["ambiguous"] = decision.Ambiguous,
        ["timestamp"] = decision.Timestamp.UtcDateTime.ToString("O"),
        ["frame"] = decision.Frame,
        ["sequence"] = decision.Sequence,
        ["trigger"] = decision.Trigger,
        ["top"] = new JsonArray([.. decision.Top.Select(c => (JsonNode)new JsonObject
        {
            ["index"] = c.Index,
            ["label"] = c.Label,
            ["score"] = Math.Round(c.Score, 6),
        })]),
    }.ToJsonString();

    private async Task WriteAllAsync(StreamWriter stream)
    {
        await using (stream.ConfigureAwait(false))
        {
            ChannelReader<Decision> decisions = _queue.Reader;
            ChannelReader<string> lines = _lines.Reader;
            while (true)
            {
                while (decisions.TryRead(out Decision? decision))
                {
                    await stream.WriteLineAsync(ToJson(decision)).ConfigureAwait(false);
                }

                while (lines.TryRead(out string? line))
                {
                    await stream.WriteLineAsync(line).ConfigureAwait(false);
                }

                if (decisions.Completion.IsCompleted && lines.Completion.IsCompleted)
                {
                    return;
                }

                await Task.WhenAny(decisions.WaitToReadAsync().AsTask(), lines.WaitToReadAsync().AsTask()).ConfigureAwait(false);
            }
        }
    }
}
