namespace EdgeClassifier.Security;

/// <summary>
/// Configuration section <c>Users</c>: who may log in to the device's own network services (the embedded MQTT broker,
/// the web view) and who among them may command it. Checked at start by <see cref="UsersOptionsValidator"/>.
/// </summary>
public sealed class UsersOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Users";

    /// <summary>
    /// A password file in mosquitto_passwd's format (<c>user:$7$...</c>), written by <c>mosquitto_passwd</c> or
    /// <c>edgeclassifier passwd</c>. Empty falls back to <c>$CREDENTIALS_DIRECTORY/users</c> (systemd
    /// <c>LoadCredential=users:...</c>) when that file exists; with neither, no users are configured.
    /// </summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>Users of the password file who may send commands; everyone else in it may only watch.</summary>
    public List<string> Operators { get; set; } = [];
}
