namespace EdgeClassifier.State;

/// <summary>
/// Configuration section <c>State</c>: the one directory under which the service keeps everything it writes for
/// itself (the MQTT outbox, snapshots, and later downloaded models and caches). Never the current directory.
/// </summary>
public sealed class StateOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "State";

    /// <summary>
    /// An absolute directory. Empty resolves, in order, to systemd's <c>$STATE_DIRECTORY</c>,
    /// <c>$XDG_STATE_HOME/edgeclassifier</c>, then <c>~/.local/state/edgeclassifier</c> (see <see cref="StateDirectoryResolver"/>).
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>A path inside the state directory.</summary>
    public string PathFor(string name) => Path.Combine(Directory, name);
}
