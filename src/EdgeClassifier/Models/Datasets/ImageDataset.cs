using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Models.Datasets;

/// <summary>
/// A folder-per-label image dataset: <c>DATASET/LABEL/*.jpg</c>, images in deeper subfolders included (each
/// first-level subfolder is one <see cref="LabelledImage.Group"/>). Hidden entries and files that are not images
/// (by extension) are left out; they are counted in <see cref="SkippedFiles"/>.
/// </summary>
public sealed class ImageDataset
{
    private ImageDataset(string root, IReadOnlyList<string> folders, IReadOnlyList<LabelledImage> images, int skippedFiles)
    {
        Root = root;
        Folders = folders;
        Images = images;
        SkippedFiles = skippedFiles;
    }

    /// <summary>The dataset folder (folders, comma-separated, when several were scanned as one).</summary>
    public string Root { get; }

    /// <summary>The label folder names, ordinal-sorted.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Every image, ordered by folder then path.</summary>
    public IReadOnlyList<LabelledImage> Images { get; }

    /// <summary>Files left out because their extension is not an image format the decoder reads.</summary>
    public int SkippedFiles { get; }

    /// <summary>
    /// Scans several dataset folders as one — e.g. the original photos and the frames collected on the device: label
    /// folders of the same name are joined. So that one source photo never lands on both sides of a split, a group is
    /// named by its stem across datasets (<c>cat.bmp</c> in one and a subfolder <c>cat</c> of frames collected from it
    /// in another are one group).
    /// </summary>
    /// <exception cref="DatasetException">A folder is missing, has no label folders, or a label folder has no images.</exception>
    public static ImageDataset Scan(IReadOnlyList<string> roots)
    {
        if (roots.Count == 1)
        {
            return Scan(roots[0]);
        }

        ImageDataset[] parts = roots.Select(Scan).ToArray();
        string[] folders = parts.SelectMany(p => p.Folders).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        LabelledImage[] images = parts
            .SelectMany(p => p.Images)
            .Select(image => image with { Group = Path.GetFileNameWithoutExtension(image.Group) })
            .OrderBy(image => image.Folder, StringComparer.Ordinal)
            .ThenBy(image => image.Path, StringComparer.Ordinal)
            .ToArray();
        return new ImageDataset(string.Join(", ", roots), folders, images, parts.Sum(p => p.SkippedFiles));
    }

    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <exception cref="DatasetException">The folder is missing, has no label folders, or a label folder has no images.</exception>
    public static ImageDataset Scan(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DatasetException(File.Exists(root)
                ? $"{root}: not a folder; a dataset is a folder with one subfolder of images per label"
                : $"{root}: dataset folder not found");
        }

        string[] folders = Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (folders.Length == 0)
        {
            throw new DatasetException($"{root}: no label folders; a dataset is a folder with one subfolder of images per label");
        }

        var images = new List<LabelledImage>();
        int skipped = 0;
        foreach (string folder in folders)
        {
            string folderPath = Path.Combine(root, folder);
            int before = images.Count;
            foreach (string file in VisibleFiles(folderPath).Order(StringComparer.Ordinal))
            {
                if (!ImageFileDecoder.IsSupported(file))
                {
                    skipped++;
                    continue;
                }

                string relative = Path.GetRelativePath(folderPath, file);
                int separator = relative.IndexOf(Path.DirectorySeparatorChar);
                images.Add(new LabelledImage(file, folder, separator < 0 ? relative : relative[..separator]));
            }

            if (images.Count == before)
            {
                throw new DatasetException(
                    $"{folderPath}: no images in label folder '{folder}' (expected {string.Join(", ", ImageFileDecoder.SupportedExtensions)} files)");
            }
        }

        return new ImageDataset(root, folders, images, skipped);
    }

    private static IEnumerable<string> VisibleFiles(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (!Path.GetFileName(file).StartsWith('.'))
            {
                yield return file;
            }
        }

        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            if (!Path.GetFileName(sub).StartsWith('.'))
            {
                foreach (string file in VisibleFiles(sub))
                {
                    yield return file;
                }
            }
        }
    }
}
