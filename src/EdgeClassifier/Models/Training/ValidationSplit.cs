using EdgeClassifier.Models.Datasets;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Chooses the validation images: per class (stratified), a share of its groups, so every image of a group —
/// a source photo with its augmented copies, or a subfolder of related shots — lands on one side only. A class
/// with a single group keeps it for training.
/// </summary>
public static class ValidationSplit
{
    /// <summary>The (folder, group) pairs held out for validation.</summary>
    public static HashSet<(string Folder, string Group)> Choose(IReadOnlyList<LabelledImage> images, double fraction, int seed)
    {
        var heldOut = new HashSet<(string, string)>();
        if (fraction <= 0)
        {
            return heldOut;
        }

        var random = new Random(seed);
        foreach (var folder in images.GroupBy(i => i.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string[] groups = folder.Select(i => i.Group).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (groups.Length < 2)
            {
                continue;
            }

            random.Shuffle(groups);
            int count = Math.Clamp((int)Math.Round(fraction * groups.Length), 1, groups.Length - 1);
            foreach (string group in groups.Take(count))
            {
                heldOut.Add((folder.Key, group));
            }
        }

        return heldOut;
    }
}
