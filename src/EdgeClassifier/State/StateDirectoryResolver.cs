using Microsoft.Extensions.Options;

namespace EdgeClassifier.State;

/// <summary>
/// Fills an empty <see cref="StateOptions.Directory"/> from the environment: systemd's <c>$STATE_DIRECTORY</c> (the
/// first entry when it lists several), else <c>$XDG_STATE_HOME/edgeclassifier</c>, else
/// <c>$HOME/.local/state/edgeclassifier</c>. A configured directory always wins. Relative environment values are
/// ignored (the XDG base directory specification says so), which keeps state out of the current directory.
/// </summary>
public sealed class StateDirectoryResolver(Func<string, string?> environment) : IPostConfigureOptions<StateOptions>
{
    /// <summary>The folder name under the XDG and home fallbacks.</summary>
    public const string ApplicationFolder = "edgeclassifier";

    /// <summary>Resolves from the process environment.</summary>
    public StateDirectoryResolver()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <inheritdoc />
    public void PostConfigure(string? name, StateOptions options)
    {
        if (options.Directory.Length == 0)
        {
            options.Directory = Resolve() ?? "";
        }
    }

    /// <summary>The directory the environment names, or null when it names none.</summary>
    public string? Resolve()
    {
        string? systemd = environment("STATE_DIRECTORY")?.Split(':')[0];
        if (IsAbsolute(systemd))
        {
            return systemd;
        }

        string? xdg = environment("XDG_STATE_HOME");
        if (IsAbsolute(xdg))
        {
            return Path.Combine(xdg, ApplicationFolder);
        }

        string? home = environment("HOME");
        return IsAbsolute(home) ? Path.Combine(home, ".local", "state", ApplicationFolder) : null;
    }

    private static bool IsAbsolute([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? path) =>
        !string.IsNullOrEmpty(path) && Path.IsPathFullyQualified(path);
}
