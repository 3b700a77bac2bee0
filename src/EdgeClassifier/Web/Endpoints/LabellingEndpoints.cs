using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Web.Access;
using EdgeClassifier.Web.Labelling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>
/// The labelling API over the collected frames (<c>Collect:Directory</c>): folders, a folder's frames with their
/// sidecars, a frame's JPEG for everyone who may see the page; moving a frame to another label folder and deleting it
/// for operators, under the <see cref="OperatorRequest"/> rule. Every path answers 404 while collecting is off.
/// </summary>
public static partial class LabellingEndpoints
{
    /// <summary>Frames per page at most.</summary>
    public const int MaxPageSize = 200;

    private const string What = "moves and deletes of collected frames";
    private const string IdHelp = "id: a frame's id as /api/collected/frames lists it (label/photo/time-sequence.jpg)";

    /// <summary>
    /// Maps <c>/api/collected</c> (folders with counts, the model's labels as folder names),
    /// <c>/api/collected/frames?folder=&amp;offset=&amp;limit=</c> (newest first), <c>/api/collected/image?id=</c>,
    /// <c>POST /api/collected/move</c> (<c>{"id":...,"to":...}</c>) and <c>POST /api/collected/delete</c> (<c>{"id":...}</c>).
    /// </summary>
    /// <param name="app">The web application.</param>
    /// <param name="collected">The collection, or null when collecting is off.</param>
    public static void Map(IEndpointRouteBuilder app, CollectedFrames? collected)
    {
        app.MapGet("/api/collected", () => collected is null ? Off() : ApiEndpoints.Json(new JsonObject
        {
            ["folders"] = new JsonArray([.. collected.Folders().Select(f => new JsonObject { ["name"] = f.Name, ["count"] = f.Count })]),
            ["labels"] = new JsonArray([.. collected.LabelFolders().Select(l => JsonValue.Create(l))]),
        }));
        app.MapGet("/api/collected/frames", (string? folder, int? offset, int? limit) => collected is null ? Off() : Page(collected, folder, offset ?? 0, limit ?? 50));
        app.MapGet("/api/collected/image", (string? id) => collected is null
            ? Off()
            : CollectedFrameId.Parse(id) is not { } frame ? BadId()
            : collected.ImagePath(frame) is { } path ? Results.File(path, "image/jpeg")
            : Results.NotFound());
        app.MapPost("/api/collected/move", (HttpContext context, ILoggerFactory loggers) =>
            ChangeAsync(context, collected, loggers, (frames, id, body) => frames.Move(id, Text(body, "to") ?? "")));
        app.MapPost("/api/collected/delete", (HttpContext context, ILoggerFactory loggers) =>
            ChangeAsync(context, collected, loggers, (frames, id, _) => frames.Delete(id)));
    }

    private static IResult Page(CollectedFrames collected, string? folder, int offset, int limit)
    {
        if (folder is null || !CollectedFrameId.IsFolderName(folder))
        {
            return Results.BadRequest("folder: the name of a label folder, as /api/collected lists them");
        }

        if (offset < 0 || limit is < 1 or > MaxPageSize)
        {
            return Results.BadRequest($"offset must not be negative and limit must be between 1 and {MaxPageSize}");
        }

        if (collected.Frames(folder, offset, limit) is not { } page)
        {
            return Results.NotFound();
        }

        return ApiEndpoints.Json(new JsonObject
        {
            ["folder"] = folder,
            ["total"] = page.Total,
            ["offset"] = offset,
            ["frames"] = new JsonArray([.. page.Frames.Select(f => new JsonObject
            {
                ["id"] = f.Id.ToString(),
                ["group"] = f.Id.Group,
                ["image"] = "/api/collected/image?id=" + Uri.EscapeDataString(f.Id.ToString()),
                ["sidecar"] = f.Sidecar,
            })]),
        });
    }

    private static async Task<IResult> ChangeAsync(
        HttpContext context, CollectedFrames? collected, ILoggerFactory loggers, Func<CollectedFrames, CollectedFrameId, JsonObject, LabelOutcome> change)
    {
        if (collected is null)
        {
            return Off();
        }

        if (OperatorRequest.Refusal(context, What) is { } refusal)
        {
            return refusal;
        }

        JsonObject? body;
        try
        {
            body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Failed(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}");
        }

        if (body is null || CollectedFrameId.Parse(Text(body, "id")) is not { } id)
        {
            return Failed(StatusCodes.Status400BadRequest, IdHelp);
        }

        LabelOutcome outcome;
        try
        {
            outcome = change(collected, id, body);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFailed(loggers.CreateLogger("EdgeClassifier.Web"), id.ToString(), ex.Message);
            return Failed(StatusCodes.Status500InternalServerError, ex.Message);
        }

        if (outcome.Change != LabelChange.Done)
        {
            return Failed(outcome.Change switch
            {
                LabelChange.NotFound => StatusCodes.Status404NotFound,
                LabelChange.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            }, outcome.Error ?? outcome.Change.ToString());
        }

        LogChanged(loggers.CreateLogger("EdgeClassifier.Web"), id.ToString(), outcome.Id == id ? "deleted" : $"moved to {outcome.Id}");
        return ApiEndpoints.Json(new JsonObject { ["ok"] = true, ["id"] = outcome.Id?.ToString() });
    }

    /// <summary>The string property <paramref name="name"/>, or null when it is missing or not a string.</summary>
    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static IResult Off() => Results.NotFound("collecting is off (Collect:Enabled=false)");

    private static IResult BadId() => Results.BadRequest(IdHelp);

    private static IResult Failed(int status, string error) => ApiEndpoints.Json(CommandResult.Fail(error).ToJson(), status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web labelling: {Frame} {What}")]
    private static partial void LogChanged(ILogger logger, string frame, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web labelling: {Frame} could not be changed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string frame, string reason);
}
