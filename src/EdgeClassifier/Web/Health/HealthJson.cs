using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeClassifier.Web.Health;

/// <summary>Writes a health report as <c>{"status":"Healthy","checks":{"name":{"status","description","data"}}}</c>.</summary>
public static partial class HealthJson
{
    /// <summary>The response writer for <c>/healthz</c> and <c>/readyz</c>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Body(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new Check(e.Value.Status.ToString(), e.Value.Description, e.Value.Data)));
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthReportJson.Default.Body));
    }

    private sealed record Body(string Status, Dictionary<string, Check> Checks);

    private sealed record Check(string Status, string? Description, IReadOnlyDictionary<string, object> Data);

    /// <summary>
    /// The report's serialisation (web defaults), written at compile time so a Native AOT build answers too; the data
    /// values the checks put in (<see cref="FrameLoopLiveness"/>, <see cref="Readiness"/>) are listed for their runtime
    /// types.
    /// </summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Body))]
    [JsonSerializable(typeof(string))]
    [JsonSerializable(typeof(long))]
    [JsonSerializable(typeof(double))]
    private sealed partial class HealthReportJson : JsonSerializerContext;
}
