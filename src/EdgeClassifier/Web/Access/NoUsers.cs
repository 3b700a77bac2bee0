namespace EdgeClassifier.Web.Access;

/// <summary>No users configured: only loopback (and explicit anonymous opt-ins) can reach the page.</summary>
public sealed class NoUsers : IWebUsers
{
    /// <inheritdoc />
    public bool Configured => false;

    /// <inheritdoc />
    public WebRole SignIn(string user, string password) => WebRole.None;
}
