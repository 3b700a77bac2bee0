using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeClassifier.Outputs.Collection;

namespace EdgeClassifier.Web.Labelling;

/// <summary>
/// The labelling step on the collection directory (<c>Collect:Directory</c>): lists the label folders and their
/// frames, and moves a frame (image and sidecar together) to another label folder or deletes it, as a person would in
/// a shell. Only frames the collector names are touched, only in plain folders (a symbolic link is never followed),
/// so nothing outside the directory can be read or changed. Moves and deletes run one at a time.
/// </summary>
/// <param name="directory">The collection directory.</param>
/// <param name="modelLabels">The labels of the model in use: the folders a frame may go to beside the existing ones.</param>
public sealed class CollectedFrames(string directory, Func<IReadOnlyList<string>> modelLabels)
{
    /// <summary>A frame without its sidecar younger than this may still be being written by the collector.</summary>
    private static readonly TimeSpan WriteGrace = TimeSpan.FromSeconds(5);

    private const int MaxSidecarBytes = 64 * 1024;

    /// <summary>Characters of the time at the start of an image name (<c>20261202T144858.919Z</c>).</summary>
    private const int TimeLength = 20;
    private readonly Lock _changes = new();

    /// <summary>The collection directory, as a full path.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The label folders, by name, with the frames each holds.</summary>
    public IReadOnlyList<CollectedFolder> Folders() =>
        [.. PlainDirectories(Directory).Select(name => new CollectedFolder(name, FramesIn(name).Count())).OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>The model's labels as folder names (as the collector names them), in the model's order.</summary>
    public IReadOnlyList<string> LabelFolders() =>
        [.. modelLabels().Select(CollectedFrameStore.FolderName).Where(CollectedFrameId.IsFolderName).Distinct(StringComparer.Ordinal)];

    /// <summary>A page of the frames in <paramref name="folder"/>, newest first; null when there is no such folder.</summary>
    public CollectedFramePage? Frames(string folder, int offset, int limit)
    {
        if (!CollectedFrameId.IsFolderName(folder) || !IsPlainDirectory(Path.Combine(Directory, folder)))
        {
            return null;
        }

        // The name starts with the UTC time the collector took the frame, then the frame's sequence.
        CollectedFrameId[] all = [.. FramesIn(folder)
            .OrderByDescending(id => id.Name[..TimeLength], StringComparer.Ordinal)
            .ThenByDescending(id => long.Parse(id.Name.AsSpan(TimeLength + 1, id.Name.Length - TimeLength - 5), CultureInfo.InvariantCulture))
            .ThenBy(id => id.Group, StringComparer.Ordinal)];
        return new CollectedFramePage(all.Length, [.. all.Skip(offset).Take(limit).Select(id => new CollectedFrame(id, ReadSidecar(id)))]);
    }

    /// <summary>The image file of <paramref name="id"/>, or null when it is not there.</summary>
    public string? ImagePath(CollectedFrameId id) => PathOf(id) is { } path && IsPlainFile(path) ? path : null;

    /// <summary>
    /// Moves the frame into label folder <paramref name="target"/> (an existing folder or one of the model's labels),
    /// into the same photo subfolder, image first, then its sidecar; if the sidecar cannot follow, the image goes back.
    /// Folders left empty are removed, since <c>train</c> refuses a label folder without images.
    /// </summary>
    public LabelOutcome Move(CollectedFrameId id, string target)
    {
        if (!CollectedFrameId.IsFolderName(target))
        {
            return new(LabelChange.BadTarget, $"'{target}' is not a folder name (one name, no '/', '\\', '..' or leading '.', at most {CollectedFrameId.MaxFolderLength} characters)");
        }

        if (target == id.Folder)
        {
            return new(LabelChange.BadTarget, $"{id} is already in {target}");
        }

        string targetFolder = Path.Combine(Directory, target);
        bool exists = System.IO.Directory.Exists(targetFolder) || File.Exists(targetFolder);
        if (exists ? !IsPlainDirectory(targetFolder) : !LabelFolders().Contains(target, StringComparer.Ordinal))
        {
            return new(LabelChange.BadTarget, $"'{target}' is neither a label folder of the collection nor a label of the model");
        }

        CollectedFrameId moved = id.In(target);
        lock (_changes)
        {
            if (Unchangeable(id, out string image, out string sidecar) is { } refusal)
            {
                return refusal;
            }

            string movedImage = Compose(moved);
            string movedSidecar = Path.ChangeExtension(movedImage, ".json");
            string movedFolder = Path.GetDirectoryName(movedImage)!;
            if (moved.Group is not null && (System.IO.Directory.Exists(movedFolder) || File.Exists(movedFolder)) && !IsPlainDirectory(movedFolder))
            {
                return new(LabelChange.BadTarget, $"{target}/{moved.Group} is not a plain folder");
            }

            if (File.Exists(movedImage) || File.Exists(movedSidecar))
            {
                return new(LabelChange.Conflict, $"{moved} already exists");
            }

            System.IO.Directory.CreateDirectory(movedFolder);
            try
            {
                File.Move(image, movedImage);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                RemoveIfEmpty(movedFolder);
                return Gone(id);
            }

            if (File.Exists(sidecar) && MoveSidecarOrUndo(sidecar, movedSidecar, image, movedImage) is { } failed)
            {
                return failed;
            }

            RemoveIfEmpty(Path.GetDirectoryName(image)!);
            return new(LabelChange.Done, Id: moved);
        }
    }

    /// <summary>Deletes the frame: image, then sidecar. Folders left empty are removed.</summary>
    public LabelOutcome Delete(CollectedFrameId id)
    {
        lock (_changes)
        {
            if (Unchangeable(id, out string image, out string sidecar) is { } refusal)
            {
                return refusal;
            }

            File.Delete(image);
            File.Delete(sidecar);
            RemoveIfEmpty(Path.GetDirectoryName(image)!);
            return new(LabelChange.Done, Id: id);
        }
    }

    /// <summary>Why the frame cannot be moved or deleted now, or null (with its files' paths).</summary>
    private LabelOutcome? Unchangeable(CollectedFrameId id, out string image, out string sidecar)
    {
        image = PathOf(id) ?? "";
        sidecar = Path.ChangeExtension(image, ".json");
        if (image.Length == 0 || !IsPlainFile(image))
        {
            return Gone(id);
        }

        // The collector writes the image, then the sidecar: an image alone may be half-way (one left alone long
        // enough, e.g. copied in by hand, is changed on its own).
        if (!File.Exists(sidecar) && DateTime.UtcNow - File.GetLastWriteTimeUtc(image) < WriteGrace)
        {
            return new(LabelChange.Conflict, $"{id} is still being written; try again in a few seconds");
        }

        return null;
    }

    /// <summary>Moves the sidecar after its image; if that fails (other than it being gone), moves the image back.</summary>
    private static LabelOutcome? MoveSidecarOrUndo(string sidecar, string movedSidecar, string image, string movedImage)
    {
        try
        {
            File.Move(sidecar, movedSidecar);
            return null;
        }
        catch (FileNotFoundException)
        {
            // Deleted meanwhile: the image moves on its own.
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Move(movedImage, image);
            return new(LabelChange.Conflict, $"the sidecar could not be moved ({ex.Message}); the image stayed where it was");
        }
    }

    private static LabelOutcome Gone(CollectedFrameId id) => new(LabelChange.NotFound, $"{id} is not there (moved or deleted meanwhile?)");

    /// <summary>The image's full path, checked to lie inside plain (not linked) folders of the directory; null when not.</summary>
    private string? PathOf(CollectedFrameId id)
    {
        string folder = Path.Combine(Directory, id.Folder);
        bool plainFolders = IsPlainDirectory(folder) && (id.Group is null || IsPlainDirectory(Path.Combine(folder, id.Group)));
        return plainFolders ? Compose(id) : null;
    }

    /// <summary>Where the image of <paramref name="id"/> is or would be, checked to lie inside the directory.</summary>
    private string Compose(CollectedFrameId id)
    {
        string folder = Path.Combine(Directory, id.Folder);
        string path = Path.GetFullPath(id.Group is null ? Path.Combine(folder, id.Name) : Path.Combine(folder, id.Group, id.Name));
        // Checked parts cannot leave the directory; this is the guard should that ever change.
        return path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"{id} is outside {Directory}");
    }

    /// <summary>Every frame in a label folder: images the collector names, in it and in its photo subfolders.</summary>
    private IEnumerable<CollectedFrameId> FramesIn(string folder)
    {
        string path = Path.Combine(Directory, folder);
        IEnumerable<CollectedFrameId?> direct = PlainImages(path).Select(name => CollectedFrameId.Of(folder, null, name));
        IEnumerable<CollectedFrameId?> grouped = PlainDirectories(path)
            .SelectMany(group => PlainImages(Path.Combine(path, group)).Select(name => CollectedFrameId.Of(folder, group, name)));
        return direct.Concat(grouped).OfType<CollectedFrameId>();
    }

    private JsonNode? ReadSidecar(CollectedFrameId id)
    {
        string? image = PathOf(id);
        string? sidecar = image is null ? null : Path.ChangeExtension(image, ".json");
        try
        {
            return sidecar is not null && IsPlainFile(sidecar) && new FileInfo(sidecar).Length <= MaxSidecarBytes
                ? JsonNode.Parse(File.ReadAllBytes(sidecar))
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // Being written, moved meanwhile, or not the collector's: the frame is listed without scores.
            return null;
        }
    }

    private void RemoveIfEmpty(string folder)
    {
        // The photo subfolder first, then the label folder; never the directory itself.
        for (string? current = folder; current is not null && current.Length > Directory.Length; current = Path.GetDirectoryName(current))
        {
            try
            {
                if (System.IO.Directory.EnumerateFileSystemEntries(current).Any())
                {
                    return;
                }

                System.IO.Directory.Delete(current);
            }
            catch (IOException)
            {
                // The collector wrote into it meanwhile: it stays.
                return;
            }
        }
    }

    private static IEnumerable<string> PlainDirectories(string path) => System.IO.Directory.Exists(path)
        ? new DirectoryInfo(path).EnumerateDirectories().Where(d => d.LinkTarget is null && CollectedFrameId.IsFolderName(d.Name)).Select(d => d.Name)
        : [];

    private static IEnumerable<string> PlainImages(string path) => System.IO.Directory.Exists(path)
        ? new DirectoryInfo(path).EnumerateFiles("*.jpg").Where(f => f.LinkTarget is null && CollectedFrameId.IsImageName(f.Name)).Select(f => f.Name)
        : [];

    private static bool IsPlainDirectory(string path) => new DirectoryInfo(path) is { Exists: true, LinkTarget: null };

    private static bool IsPlainFile(string path) => new FileInfo(path) is { Exists: true, LinkTarget: null };
}
