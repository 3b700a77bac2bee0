namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>Configuration section <c>Mqtt:Snapshot</c>: where JPEG snapshots go, how big they are and how long they stay.</summary>
public sealed class SnapshotOptions
{
    /// <summary>Turns snapshots on or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Directory for the JPEG files; empty uses <c>snapshots/</c> under <c>State:Directory</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Most files kept; the oldest are deleted beyond it.</summary>
    public int MaxFiles { get; set; } = 200;

    /// <summary>Files older than this many hours are deleted.</summary>
    public double MaxAgeHours { get; set; } = 72;

    /// <summary>Width of the JPEG in pixels (height keeps the aspect ratio); 0 keeps the frame's width.</summary>
    public int Width { get; set; } = 640;

    /// <summary>JPEG quality, 1..100.</summary>
    public int Quality { get; set; } = 80;
}
