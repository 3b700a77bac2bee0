using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>
/// <c>POST /api/control/{command}</c>: the MQTT commands (pause, resume, threshold, snapshot, reload) for operators,
/// with the same JSON arguments and the same <c>{"ok":...}</c> reply, under the <see cref="OperatorRequest"/> rule.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>Maps the control endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/control/{command}", ExecuteAsync);

    private static async Task<IResult> ExecuteAsync(string command, HttpContext context, Func<PipelineCommands> commands, ILoggerFactory loggers)
    {
        if (OperatorRequest.Refusal(context, "controls") is { } refusal)
        {
            return refusal;
        }

        JsonObject? arguments;
        try
        {
            arguments = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return ApiEndpoints.Json(CommandResult.Fail($"malformed JSON: {ex.Message}").ToJson(), StatusCodes.Status400BadRequest);
        }

        CommandResult result = await commands().ExecuteAsync(command, arguments, context.RequestAborted).ConfigureAwait(false);
        loggers.CreateLogger("EdgeClassifier.Web").Log(result.Ok ? LogLevel.Information : LogLevel.Warning,
            "Web control {Command}: {Outcome}", command, result.Ok ? "ok" : result.Error);
        return ApiEndpoints.Json(result.ToJson(), result.Ok ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
