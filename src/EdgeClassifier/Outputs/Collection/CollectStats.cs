namespace EdgeClassifier.Outputs.Collection;

/// <summary>The <c>collect</c> block of the stats document (only while <c>Collect:Enabled=true</c>).</summary>
/// <param name="Saved">Frames written (image + sidecar) since the start.</param>
/// <param name="Dropped">Matching frames dropped on the frame thread because every queue slot was taken (writer busy).</param>
/// <param name="Refused">Queued frames not written because <c>Collect:MaxFiles</c> or <c>Collect:MaxMegabytes</c> was reached.</param>
/// <param name="Errors">Frames that could not be written.</param>
/// <param name="Images">Images in <c>Collect:Directory</c> (counted at start and while full, plus those saved since).</param>
/// <param name="Bytes">Bytes the directory's files take, counted the same way.</param>
public sealed record CollectStats(long Saved, long Dropped, long Refused, long Errors, long Images, long Bytes);
