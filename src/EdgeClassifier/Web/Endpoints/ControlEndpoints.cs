using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Security;
using EdgeClassifier.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>
/// <c>POST /api/control/{command}</c>: the MQTT commands (pause, resume, threshold, snapshot, reload) for operators,
/// with the same JSON arguments and the same <c>{"ok":...}</c> reply. The request must carry the header
/// <c>X-EdgeClassifier-Control: 1</c>, which a page of another site cannot add without the CORS approval this server never gives.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>The header that marks a control request as coming from the page or a script, not a cross-site form.</summary>
    public const string RequiredHeader = "X-EdgeClassifier-Control";

    /// <summary>Maps the control endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/control/{command}", ExecuteAsync);

    private static async Task<IResult> ExecuteAsync(string command, HttpContext context, Func<PipelineCommands> commands, ILoggerFactory loggers)
    {
        if (AccessPolicy.RoleOf(context) != UserRole.Operator)
        {
            return Results.Json(CommandResult.Fail("controls are for operators (Users:Operators)").ToJson(), statusCode: StatusCodes.Status403Forbidden);
        }

        if (context.Request.Headers[RequiredHeader] != "1")
        {
            return Results.Json(CommandResult.Fail($"control requests need the header {RequiredHeader}: 1").ToJson(), statusCode: StatusCodes.Status400BadRequest);
        }

        JsonObject? arguments = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
                // JsonNode checks the text of a string only when a command reads it (InvalidOperationException then).
                if (!System.Text.Unicode.Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
                {
                    throw new JsonException("the body is not valid UTF-8");
                }

                arguments = JsonNode.Parse(body.ToArray(), documentOptions: PipelineCommands.ArgumentsJson) as JsonObject;
            }
            catch (JsonException ex)
            {
                return Results.Json(CommandResult.Fail($"malformed JSON: {ex.Message}").ToJson(), statusCode: StatusCodes.Status400BadRequest);
            }
        }

        CommandResult result = await commands().ExecuteAsync(command, arguments, context.RequestAborted).ConfigureAwait(false);
        loggers.CreateLogger("EdgeClassifier.Web").Log(result.Ok ? LogLevel.Information : LogLevel.Warning,
            "Web control {Command}: {Outcome}", command, result.Ok ? "ok" : result.Error);
        return Results.Json(result.ToJson(), statusCode: result.Ok ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
