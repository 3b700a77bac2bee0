namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Finds the broker password without it ever appearing in configuration files or logs.</summary>
public static class MqttPassword
{
    /// <summary>The systemd credential name looked up in <c>$CREDENTIALS_DIRECTORY</c>.</summary>
    public const string CredentialName = "mqtt-password";

    /// <summary>
    /// The first line of <see cref="MqttOptions.PasswordFile"/>, else of <c>$CREDENTIALS_DIRECTORY/mqtt-password</c>,
    /// else <c>null</c> (no password).
    /// </summary>
    public static string? Read(MqttOptions options)
    {
        string? path = options.PasswordFile.Length > 0 ? options.PasswordFile : CredentialPath();
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var reader = new StreamReader(path);
        return reader.ReadLine() ?? "";
    }

    private static string? CredentialPath()
    {
        string? directory = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        return string.IsNullOrEmpty(directory) ? null : Path.Combine(directory, CredentialName);
    }
}
