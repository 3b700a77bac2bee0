namespace EdgeClassifier.Web.Access;

/// <summary>What a request may do.</summary>
public enum WebRole
{
    /// <summary>Nothing: not signed in where signing in is required.</summary>
    None,

    /// <summary>The page, the stream and the read-only API.</summary>
    Viewer,

    /// <summary>Everything a viewer may, plus the controls (pause, resume, threshold, snapshot, reload).</summary>
    Operator,
}
