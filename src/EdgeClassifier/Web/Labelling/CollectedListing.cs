using System.Text.Json.Nodes;

namespace EdgeClassifier.Web.Labelling;

/// <summary>A label folder of the collection and how many frames it holds (its photo subfolders included).</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Count">Frames in it.</param>
public sealed record CollectedFolder(string Name, int Count);

/// <summary>A collected frame and its sidecar (the collector's JSON: scores, top-K, time, model), if it has one.</summary>
/// <param name="Id">Where it is.</param>
/// <param name="Sidecar">The sidecar as written, or null when missing or unreadable.</param>
public sealed record CollectedFrame(CollectedFrameId Id, JsonNode? Sidecar);

/// <summary>One page of a folder's frames, newest first.</summary>
/// <param name="Total">Frames in the folder.</param>
/// <param name="Frames">The page.</param>
public sealed record CollectedFramePage(int Total, IReadOnlyList<CollectedFrame> Frames);
