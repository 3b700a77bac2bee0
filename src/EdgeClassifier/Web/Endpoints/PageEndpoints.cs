using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>The pages: <c>/</c> and <c>/labels</c> and their scripts and style, embedded in the program (no CDN; boards are often offline).</summary>
public static class PageEndpoints
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Assets = Load();

    /// <summary>Maps <c>/</c> (the live page), <c>/labels</c> (the collected frames) and <c>/assets/{name}</c> (their scripts and style).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/labels", () => Asset("labels.html"));
        app.MapGet("/assets/{name}", (string name) => name.EndsWith(".html", StringComparison.Ordinal) ? Results.NotFound() : Asset(name));
    }

    private static IResult Asset(string name) =>
        Assets.TryGetValue(name, out var asset) ? Results.Bytes(asset.Bytes, asset.ContentType) : Results.NotFound();

    private static Dictionary<string, (string, byte[])> Load()
    {
        const string prefix = "EdgeClassifier.Web.Assets.";
        Assembly assembly = typeof(PageEndpoints).Assembly;
        var assets = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string name = resource[prefix.Length..];
            assets[name] = (ContentType(name), copy.ToArray());
        }

        return assets;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
