using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeClassifier.Barcodes;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Web.Access;
using EdgeClassifier.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>The read-only API: current decision, stats, info, recent events and scans, the latest frame and snapshot files.</summary>
public static partial class ApiEndpoints
{
    /// <summary>
    /// Maps <c>/api/state</c>, <c>/api/stats</c>, <c>/api/info</c>, <c>/api/events</c>, <c>/api/scans</c> (204, no
    /// content, when <paramref name="scans"/> is null: the barcode reader is off), <c>/api/snapshot.jpg</c> and <c>/api/snapshots/{name}</c>.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app, SnapshotDirectory snapshots, RecentScans? scans)
    {
        app.MapGet("/api/state", (DecisionFeed feed, PipelineStats stats) => feed.Latest is { } decision
            ? Json(DecisionPayloads.State(decision, stats.Model))
            : Results.NoContent());
        app.MapGet("/api/stats", (StatsDocument document) => Results.Text(document.Serialize(), "application/json"));
        app.MapGet("/api/me", (HttpContext context) => Json(new JsonObject { ["role"] = AccessPolicy.RoleOf(context)?.ToString().ToLowerInvariant() }));
        app.MapGet("/api/info", (ServiceInfo info) => Json(info.Build()));
        app.MapGet("/api/events", (DecisionFeed feed) => Json(new JsonArray([.. feed.Events.Select(EventJson)])));
        app.MapGet("/api/scans", () => scans is null
            ? Results.NoContent()
            : Results.Bytes(ScansJson(scans.Snapshot()), "application/json"));
        app.MapGet("/api/events/{id:long}/thumbnail.jpg", (long id, EventThumbnails thumbnails) =>
            thumbnails.Get(id) is { } jpeg ? Results.File(jpeg, "image/jpeg") : Results.NotFound());
        app.MapGet("/api/snapshot.jpg", (ISnapshotFrameProvider frames, LiveStream stream) =>
        {
            using SnapshotFrame? frame = frames.Copy(null);
            return frame is null ? Results.NotFound() : Results.File(stream.EncodeStill(frame), "image/jpeg");
        });
        app.MapGet("/api/snapshots/{name}", (string name) =>
        {
            if (!SnapshotName().IsMatch(name))
            {
                return Results.BadRequest("a snapshot name is a file name such as 20260101T120000.000Z_00000042_cat.jpg");
            }

            string? path = snapshots.Path is { } directory ? System.IO.Path.Combine(directory, name) : null;
            return path is not null && File.Exists(path) ? Results.File(path, "image/jpeg") : Results.NotFound();
        });
    }

    private static JsonObject EventJson(LiveEvent live) => new()
    {
        ["id"] = live.Id,
        ["label"] = live.Decision.Label,
        ["score"] = Math.Round(live.Decision.Score, 4),
        ["ambiguous"] = live.Decision.Ambiguous,
        ["frame"] = live.Decision.Frame,
        ["timestamp"] = live.Decision.Timestamp.UtcDateTime.ToString("O"),
        ["thumbnail"] = live.HasThumbnail ? $"/api/events/{live.Id}/thumbnail.jpg" : null,
    };

    /// <summary>The scans as a JSON array, each in the one scan shape MQTT and the decisions file use.</summary>
    private static byte[] ScansJson(IReadOnlyList<BarcodeScan> recent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (BarcodeScan scan in recent)
            {
                BarcodeJson.WriteScan(writer, scan);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A JSON answer written the way MQTT payloads are. Nodes write themselves, without the reflection serializer that
    /// <c>Results.Json</c> would use (disabled in a Native AOT build).
    /// </summary>
    internal static IResult Json(JsonNode node, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(node.ToJsonString(MqttJson.Options), "application/json", statusCode: statusCode);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\\.jpg$")]
    private static partial Regex SnapshotName();
}

/// <summary>Where snapshot files are (null when the service writes none).</summary>
public sealed record SnapshotDirectory(string? Path);
