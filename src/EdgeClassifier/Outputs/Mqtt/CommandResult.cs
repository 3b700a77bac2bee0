using System.Text.Json.Nodes;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>The reply to one command: <c>{"ok":true, ...}</c> or <c>{"ok":false,"error":"..."}</c>.</summary>
public sealed record CommandResult(bool Ok, string? Error, JsonObject? Details = null)
{
    /// <summary>A success, optionally with extra fields.</summary>
    public static CommandResult Success(JsonObject? details = null) => new(true, null, details);

    /// <summary>A refusal or failure with a message for the user.</summary>
    public static CommandResult Fail(string error) => new(false, error);

    /// <summary>The reply payload.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["ok"] = Ok };
        if (Error is not null)
        {
            json["error"] = Error;
        }

        foreach (var (key, value) in Details ?? [])
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }
}
