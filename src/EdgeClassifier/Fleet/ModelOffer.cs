using System.Text.Json.Nodes;

namespace EdgeClassifier.Fleet;

/// <summary>A file to fetch: where from and the SHA-256 (lower-case hex) it must have.</summary>
public sealed record RemoteFile(Uri Url, string Sha256);

/// <summary>
/// The payload of the <c>model</c> command: the model file, its version, optionally a labels file and a signature
/// (base64 DER ECDSA P-256 over the model's SHA-256 digest).
/// </summary>
public sealed record ModelOffer(RemoteFile Model, string Version, RemoteFile? Labels, byte[]? Signature)
{
    /// <summary>Reads an offer from command arguments; <paramref name="error"/> names the first bad field.</summary>
    public static ModelOffer? Parse(JsonObject? arguments, out string? error)
    {
        error = null;
        if (arguments is null)
        {
            error = "model needs {\"url\", \"sha256\", \"version\", \"labels\"?: {\"url\", \"sha256\"}, \"signature\"?}";
            return null;
        }

        RemoteFile? model = ParseFile(arguments, "", ref error);
        string? version = Text(arguments, "version");
        if (model is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(version) || version.Length > 64 || version.Any(char.IsControl))
        {
            error = "version: a non-empty name of at most 64 characters is required";
            return null;
        }

        RemoteFile? labels = null;
        if (arguments["labels"] is JsonObject labelsJson)
        {
            labels = ParseFile(labelsJson, "labels.", ref error);
            if (labels is null)
            {
                return null;
            }
        }
        else if (arguments["labels"] is not null)
        {
            error = "labels: expected {\"url\", \"sha256\"}";
            return null;
        }

        byte[]? signature = null;
        if (Text(arguments, "signature") is { } base64)
        {
            try
            {
                signature = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                error = "signature: not valid base64";
                return null;
            }
        }

        return new ModelOffer(model, version.Trim(), labels, signature);
    }

    /// <summary>The offer as command arguments (what <see cref="Parse"/> reads).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["url"] = Model.Url.ToString(), ["sha256"] = Model.Sha256, ["version"] = Version };
        if (Labels is not null)
        {
            json["labels"] = new JsonObject { ["url"] = Labels.Url.ToString(), ["sha256"] = Labels.Sha256 };
        }

        if (Signature is not null)
        {
            json["signature"] = Convert.ToBase64String(Signature);
        }

        return json;
    }

    private static RemoteFile? ParseFile(JsonObject json, string prefix, ref string? error)
    {
        string? url = Text(json, "url");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"{prefix}url: an absolute http:// or https:// URL is required";
            return null;
        }

        string? sha = Text(json, "sha256")?.Trim().ToLowerInvariant();
        if (sha is not { Length: 64 } || !sha.All(char.IsAsciiHexDigit))
        {
            error = $"{prefix}sha256: 64 hexadecimal digits are required";
            return null;
        }

        return new RemoteFile(uri, sha);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
