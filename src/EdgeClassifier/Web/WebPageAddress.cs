namespace EdgeClassifier.Web;

/// <summary>
/// The address other machines open the live page at, for Home Assistant's "Visit" link (the discovery's
/// <c>configuration_url</c>). A page on loopback only has none: a browser elsewhere could not open it.
/// </summary>
public static class WebPageAddress
{
    /// <summary>
    /// The first address of <see cref="WebOptions.Urls"/> beyond loopback, with a listen-on-everything host
    /// (<c>0.0.0.0</c>, <c>[::]</c>) replaced by <paramref name="hostName"/>; null when the web
    /// is off or listens on loopback only.
    /// </summary>
    public static string? Reachable(WebOptions options, string hostName)
    {
        if (!options.Enabled)
        {
            return null;
        }

        foreach (string url in options.Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || WebOptions.IsLoopback(uri))
            {
                continue;
            }

            bool wildcard = uri.Host is "0.0.0.0" or "[::]";
            return new UriBuilder(uri) { Host = wildcard ? hostName : uri.Host }.Uri.ToString();
        }

        return null;
    }
}
