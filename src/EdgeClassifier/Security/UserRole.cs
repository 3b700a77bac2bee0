namespace EdgeClassifier.Security;

/// <summary>What a logged-in user may do.</summary>
public enum UserRole
{
    /// <summary>May read the device's state, events, snapshots and statistics.</summary>
    Viewer,

    /// <summary>May also send commands (pause, resume, snapshot, threshold, reload).</summary>
    Operator,
}
