namespace EdgeClassifier.Outputs.Snapshots;

/// <summary>A snapshot that has been written to disk.</summary>
/// <param name="FileName">File name inside the snapshot directory (what events name).</param>
/// <param name="FullPath">Where the file is.</param>
/// <param name="Jpeg">The JPEG bytes.</param>
/// <param name="Sequence">Sequence number of the frame it shows.</param>
public sealed record Snapshot(string FileName, string FullPath, byte[] Jpeg, long Sequence);
