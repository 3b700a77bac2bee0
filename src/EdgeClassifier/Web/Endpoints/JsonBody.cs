using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Mqtt;
using Microsoft.AspNetCore.Http;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>Reads a request's JSON object body the way MQTT command payloads are read (a property named twice is malformed).</summary>
internal static class JsonBody
{
    /// <summary>The body as an object (null for an empty body or a body that is JSON but not an object).</summary>
    /// <exception cref="JsonException">The body is not valid UTF-8 or not JSON; the message says why.</exception>
    public static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not > 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        // JsonNode checks the text of a string only when it is read (InvalidOperationException then).
        if (!System.Text.Unicode.Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            throw new JsonException("the body is not valid UTF-8");
        }

        return JsonNode.Parse(body.ToArray(), documentOptions: PipelineCommands.ArgumentsJson) as JsonObject;
    }
}
