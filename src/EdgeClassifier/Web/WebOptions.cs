using System.Globalization;
using System.Net;

namespace EdgeClassifier.Web;

/// <summary>
/// Configuration section <c>Web</c>: the live page, API, <c>/metrics</c> and health endpoints. On by default, on
/// loopback only; any other address needs users (or an explicit anonymous opt-in).
/// </summary>
public sealed class WebOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Web";

    /// <summary>The addresses the page listens on by default: loopback only, IPv4 and IPv6.</summary>
    public static IReadOnlyList<string> DefaultUrls { get; } = ["http://127.0.0.1:8080", "http://[::1]:8080"];

    /// <summary>Turns the web server on or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the page, the API, the stream (and, unless <see cref="MetricsUrls"/> is set, metrics) listen.</summary>
    public string[] Urls { get; set; } = [.. DefaultUrls];

    /// <summary>Separate addresses for <c>/metrics</c> and the health endpoints (a Prometheus on the LAN); empty = none.</summary>
    public string[] MetricsUrls { get; set; } = [];

    /// <summary>Frames per second of the live MJPEG stream.</summary>
    public double StreamFps { get; set; } = 5;

    /// <summary>Width of the live stream's JPEGs in pixels (height keeps the aspect ratio).</summary>
    public int StreamWidth { get; set; } = 640;

    /// <summary>JPEG quality of the live stream, 1..100.</summary>
    public int StreamQuality { get; set; } = 70;

    /// <summary>Seconds without a processed frame (and no reason to wait) before <c>/healthz</c> reports the frame loop stalled.</summary>
    public double StallSeconds { get; set; } = 10;

    /// <summary>Lets anyone who reaches a non-loopback address see the page and API; never grants controls.</summary>
    public bool AllowAnonymousViewers { get; set; }

    /// <summary>Lets anyone who reaches <see cref="MetricsUrls"/> read <c>/metrics</c> and health without a password.</summary>
    public bool AllowAnonymousMetrics { get; set; }

    /// <summary>PEM certificate for HTTPS on <c>https://</c> addresses; needs <see cref="KeyFile"/>.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Every problem with the options, each naming its key; empty when valid.</summary>
    /// <param name="haveUsers">Whether users are configured (<c>Users:PasswordFile</c>), which non-loopback addresses need.</param>
    public IReadOnlyList<string> Validate(bool haveUsers)
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        if (Urls.Length == 0)
        {
            errors.Add("Web:Urls must name at least one address (e.g. http://127.0.0.1:8080), or set Web:Enabled=false.");
        }

        if (!(StreamFps is > 0 and <= 30))
        {
            errors.Add($"Web:StreamFps must be greater than 0 and at most 30, got {StreamFps.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (StreamWidth is < 16 or > 4096)
        {
            errors.Add($"Web:StreamWidth must be between 16 and 4096, got {StreamWidth}.");
        }

        if (StreamQuality is < 1 or > 100)
        {
            errors.Add($"Web:StreamQuality must be between 1 and 100, got {StreamQuality}.");
        }

        if (!(StallSeconds is >= 1 and <= 3600))
        {
            errors.Add($"Web:StallSeconds must be between 1 and 3600, got {StallSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        bool https = false;
        foreach (string url in Urls)
        {
            https |= CheckUrl("Web:Urls", url, errors, out bool loopback);
            if (!loopback && !haveUsers && !AllowAnonymousViewers)
            {
                errors.Add($"Web:Urls: {url} is reachable from the network but no users are configured; add users "
                    + "(Users:PasswordFile; add one with: edgeclassifier passwd /etc/edgeclassifier/users NAME; Users:Operators names who may use the controls), "
                    + "set Web:AllowAnonymousViewers=true to show the page without controls to anyone, or listen on 127.0.0.1.");
            }
        }

        foreach (string url in MetricsUrls)
        {
            https |= CheckUrl("Web:MetricsUrls", url, errors, out bool loopback);
            if (!loopback && !haveUsers && !AllowAnonymousMetrics)
            {
                errors.Add($"Web:MetricsUrls: {url} is reachable from the network but no users are configured; add users "
                    + "(Users:PasswordFile; add one with: edgeclassifier passwd /etc/edgeclassifier/users NAME) for Prometheus's basic_auth, or set Web:AllowAnonymousMetrics=true.");
            }
        }

        var pagePorts = Urls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out Uri? uri) ? uri.Port : -1).ToHashSet();
        foreach (string url in MetricsUrls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && pagePorts.Contains(uri.Port))
            {
                errors.Add($"Web:MetricsUrls: {url} uses a port of Web:Urls; metrics addresses need a port of their own (e.g. 9464).");
            }
        }

        if (https && (CertificateFile.Length == 0 || KeyFile.Length == 0))
        {
            errors.Add("Web: an https:// address needs Web:CertificateFile and Web:KeyFile (PEM).");
        }

        foreach (var (key, path) in new[] { ("Web:CertificateFile", CertificateFile), ("Web:KeyFile", KeyFile) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                errors.Add($"{key}: {path} does not exist.");
            }
        }

        if (Security.PemCertificateFiles.Problem("Web:CertificateFile", CertificateFile, "Web:KeyFile", KeyFile) is { } certificate)
        {
            errors.Add(certificate);
        }

        return errors;
    }

    /// <summary>Whether <paramref name="url"/> only accepts connections from this machine.</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private static bool CheckUrl(string key, string url, List<string> errors, out bool loopback)
    {
        loopback = true;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            errors.Add($"{key}: '{url}' is not an address such as http://127.0.0.1:8080 or https://0.0.0.0:8443.");
            return false;
        }

        loopback = IsLoopback(uri);
        return uri.Scheme == "https";
    }
}
