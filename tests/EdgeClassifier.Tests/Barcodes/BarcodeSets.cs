namespace EdgeClassifier.Tests.Barcodes;

/// <summary>The photo sets in ../shared/barcodes: each image with the text its code must decode to.</summary>
public static class BarcodeSets
{
    public sealed record Sample(string Image, string ExpectedText);

    /// <summary>Every image of <paramref name="set"/> that has an expected text (a .txt without an image is skipped).</summary>
    public static IReadOnlyList<Sample> Samples(string set)
    {
        string folder = Path.Combine(SharedAssets.BarcodesDirectory, set);
        return Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f) is ".png" or ".jpg" or ".gif")
            .Order(StringComparer.Ordinal)
            .Select(image => new Sample(image, File.ReadAllText(Path.ChangeExtension(image, ".txt"))))
            .ToList();
    }
}
