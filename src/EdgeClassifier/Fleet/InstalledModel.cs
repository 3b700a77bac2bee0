namespace EdgeClassifier.Fleet;

/// <summary>A model that a rollout installed: its version, the verified file, its labels file (if sent) and hash.</summary>
public sealed record InstalledModel(string Version, string Path, string? Labels, string Sha256);
