using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Security;

/// <summary>Where secrets live (a configured path or a systemd credential) and whether they are exposed to others.</summary>
public static class SecretFiles
{
    private static readonly HashSet<string> Warned = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="configuredPath"/> when set, else <c>$CREDENTIALS_DIRECTORY/&lt;credentialName&gt;</c> when that
    /// file exists (systemd <c>LoadCredential=</c>), else <c>null</c>.
    /// </summary>
    public static string? Resolve(string configuredPath, string credentialName)
    {
        if (configuredPath.Length > 0)
        {
            return configuredPath;
        }

        string? directory = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }

        string path = Path.Combine(directory, credentialName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>True when users other than the owner (group or others) may read <paramref name="path"/>.</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;

    /// <summary>
    /// Logs, once per file for the life of the process, a warning that <paramref name="path"/> (the secret behind
    /// <paramref name="key"/>) is readable by other users, with the command that fixes it.
    /// </summary>
    public static void WarnIfReadableByOthers(string path, string key, ILogger logger)
    {
        if (!File.Exists(path) || !IsReadableByOthers(path))
        {
            return;
        }

        lock (Warned)
        {
            if (!Warned.Add(Path.GetFullPath(path)))
            {
                return;
            }
        }

        logger.LogWarning("{Key}: {Path} is readable by other users of this machine; run 'chmod 600 {Path}'",
            key, path, path);
    }
}
