namespace EdgeClassifier.Web;

/// <summary>Whether the web server is up and where, or why not: shown in the stats and the health report.</summary>
public sealed class WebStatus
{
    private volatile string _state = "starting";
    private volatile string[] _urls = [];

    /// <summary><c>starting</c>, <c>listening</c>, <c>disabled</c> or <c>unavailable: reason</c>.</summary>
    public string State => _state;

    /// <summary>The addresses the page listens on (empty unless listening).</summary>
    public IReadOnlyList<string> Urls => _urls;

    /// <summary>True while the page can be reached.</summary>
    public bool Listening => _state == "listening";

    /// <summary>Marks the server as up on <paramref name="addresses"/>.</summary>
    public void Started(IEnumerable<string> addresses)
    {
        _urls = [.. addresses];
        _state = "listening";
    }

    /// <summary>Marks the server as not running and why (port taken, disabled, stopped).</summary>
    public void Unavailable(string reason)
    {
        _urls = [];
        _state = reason == "disabled" ? reason : $"unavailable: {reason}";
    }
}
