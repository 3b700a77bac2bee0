using EdgeClassifier.Security;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Finds the broker password without it ever appearing in configuration files or logs.</summary>
public static class MqttPassword
{
    /// <summary>The systemd credential name looked up in <c>$CREDENTIALS_DIRECTORY</c>.</summary>
    public const string CredentialName = "mqtt-password";

    /// <summary>
    /// <see cref="MqttOptions.PasswordFile"/>, else <c>$CREDENTIALS_DIRECTORY/mqtt-password</c> when it exists, else
    /// <c>null</c>.
    /// </summary>
    public static string? FilePath(MqttOptions options) => SecretFiles.Resolve(options.PasswordFile, CredentialName);

    /// <summary>The first line of the file <see cref="FilePath"/> names, else <c>null</c> (no password).</summary>
    public static string? Read(MqttOptions options)
    {
        string? path = FilePath(options);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var reader = new StreamReader(path);
        return reader.ReadLine() ?? "";
    }
}
