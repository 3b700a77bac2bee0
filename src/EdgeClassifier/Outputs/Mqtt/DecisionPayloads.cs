using System.Globalization;
using System.Text.Json.Nodes;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>The JSON shapes of <c>state</c>, <c>classification</c> and <c>events</c>.</summary>
public static class DecisionPayloads
{
    /// <summary>
    /// <c>{label, index, score, ambiguous, top:[{label,index,score}], model, frame, sequence, timestamp}</c>; label is
    /// <c>null</c> for no match, timestamp is UTC ISO-8601.
    /// </summary>
    public static JsonObject State(Decision decision, string? model)
    {
        // Added as JsonNode: JsonArray.Add<T> of a JsonObject would wrap it through reflection (not in Native AOT).
        var top = new JsonArray([.. decision.Top.Select(category => (JsonNode)new JsonObject
        {
            ["label"] = category.Label,
            ["index"] = category.Index,
            ["score"] = Math.Round(category.Score, 4),
        })]);

        return new JsonObject
        {
            ["label"] = decision.Label,
            ["index"] = decision.Index,
            ["score"] = Math.Round(decision.Score, 4),
            ["ambiguous"] = decision.Ambiguous,
            ["top"] = top,
            ["model"] = model,
            ["frame"] = decision.Frame,
            ["sequence"] = decision.Sequence,
            ["timestamp"] = Timestamp(decision.Timestamp),
        };
    }

    /// <summary>
    /// What kind of change <paramref name="after"/> is relative to <paramref name="before"/>: <c>new</c> (a label
    /// appeared), <c>update</c> (a label is still there but the decision changed), <c>end</c> (no label any more), or
    /// <c>null</c> when there is no label before or after (no event).
    /// </summary>
    public static string? EventType(Decision? before, Decision after) =>
        (before is null || before.IsNoMatch, after.IsNoMatch) switch
        {
            (true, false) => "new",
            (false, false) => "update",
            (false, true) => "end",
            (true, true) => null,
        };

    /// <summary>
    /// <c>{id, type, label, before, after, snapshot, timestamp}</c> where before/after are state objects or null, plus
    /// <c>snapshotError</c> when a snapshot was due but could not be written (the event goes out without it). The id
    /// is a time-ordered UUID: QoS 1 is at-least-once, so a broker dying between taking a message and acknowledging it
    /// makes the outbox send it again, and consumers can drop the repeat by id.
    /// </summary>
    public static JsonObject Event(
        string type, Decision? before, Decision after, string? model, string? snapshotFile, string? snapshotError = null)
    {
        var payload = new JsonObject
        {
            ["id"] = Guid.CreateVersion7().ToString(),
            ["type"] = type,
            ["label"] = after.Label ?? before?.Label,
            ["before"] = before is null ? null : State(before, model),
            ["after"] = State(after, model),
            ["snapshot"] = snapshotFile,
            ["timestamp"] = Timestamp(after.Timestamp),
        };
        if (snapshotError is not null)
        {
            payload["snapshotError"] = snapshotError;
        }

        return payload;
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
