namespace EdgeClassifier.Web.Access;

/// <summary>The configured users as the web sees them: who may sign in, and who of them are operators.</summary>
public interface IWebUsers
{
    /// <summary>Whether any users are configured (<c>Users:PasswordFile</c>).</summary>
    bool Configured { get; }

    /// <summary>The role of <paramref name="user"/> when <paramref name="password"/> is right; <see cref="WebRole.None"/> otherwise.</summary>
    WebRole SignIn(string user, string password);
}
