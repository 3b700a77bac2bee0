using System.Text.RegularExpressions;

namespace EdgeClassifier.Web.Labelling;

/// <summary>
/// Where a collected frame is, relative to <c>Collect:Directory</c>: its label folder, the subfolder of the photo it
/// came from (files camera) or none, and its image file name. As text (the API's <c>id</c>) the three are joined with
/// <c>/</c>: <c>macaw/a_parrot/20261202T144858.919Z-1.jpg</c>. Every part is checked, so an id can never name a
/// path outside its label folder.
/// </summary>
public sealed partial record CollectedFrameId
{
    /// <summary>The longest folder name accepted (a model's label as a folder name fits easily).</summary>
    public const int MaxFolderLength = 128;

    private CollectedFrameId(string folder, string? group, string name) => (Folder, Group, Name) = (folder, group, name);

    /// <summary>The label folder.</summary>
    public string Folder { get; }

    /// <summary>The photo subfolder, or null when the image sits in the label folder itself.</summary>
    public string? Group { get; }

    /// <summary>The image's file name (<c>.jpg</c>); its sidecar has the same stem and <c>.json</c>.</summary>
    public string Name { get; }

    /// <summary>The id as the API writes it.</summary>
    public override string ToString() => Group is null ? $"{Folder}/{Name}" : $"{Folder}/{Group}/{Name}";

    /// <summary>The same frame in another label folder.</summary>
    public CollectedFrameId In(string folder) => new(folder, Group, Name);

    /// <summary>A frame in <paramref name="folder"/> (and <paramref name="group"/>), when every part is valid.</summary>
    public static CollectedFrameId? Of(string folder, string? group, string name) =>
        IsFolderName(folder) && (group is null || IsFolderName(group)) && IsImageName(name) ? new(folder, group, name) : null;

    /// <summary>Parses an id of the API; null when it is not one.</summary>
    public static CollectedFrameId? Parse(string? id)
    {
        string[] parts = id?.Split('/') ?? [];
        return parts.Length switch
        {
            2 => Of(parts[0], null, parts[1]),
            3 => Of(parts[0], parts[1], parts[2]),
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="name"/> can be a label or photo folder: one path segment (no <c>/</c> or <c>\</c>, not
    /// <c>.</c> or <c>..</c>), not hidden (<c>train</c> skips names starting with a dot), no control characters, no
    /// surrounding spaces, at most <see cref="MaxFolderLength"/> characters.
    /// </summary>
    public static bool IsFolderName(string? name) =>
        name is { Length: > 0 and <= MaxFolderLength }
        && !name.StartsWith('.')
        && name.Trim().Length == name.Length
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <summary>Whether <paramref name="name"/> is an image name the collector writes: <c>&lt;UTC time&gt;-&lt;frame sequence&gt;.jpg</c>.</summary>
    public static bool IsImageName(string? name) => name is not null && ImageName().IsMatch(name);

    // The stem CollectedFrameStore.Save gives each frame (yyyyMMdd'T'HHmmss.fff'Z'-sequence): sortable by time.
    [GeneratedRegex(@"^[0-9]{8}T[0-9]{6}\.[0-9]{3}Z-[0-9]{1,19}\.jpg\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();
}
