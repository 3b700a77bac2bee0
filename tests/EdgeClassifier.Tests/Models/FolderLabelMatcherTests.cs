using EdgeClassifier.Models.Datasets;

namespace EdgeClassifier.Tests.Models;

public sealed class FolderLabelMatcherTests : IDisposable
{
    private static readonly string[] Labels = File.ReadAllLines(SharedAssets.LabelsFile);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("tabby, tabby cat", 282)] // the whole line
    [InlineData("Egyptian cat", 286)] // exact
    [InlineData("EGYPTIAN CAT", 286)] // case
    [InlineData("tabby cat", 282)] // a synonym of "tabby, tabby cat"
    [InlineData("tiger_cat", 283)] // underscores for spaces
    [InlineData("hot dog", 935)] // a synonym of "hotdog, hot dog, red hot"
    public void Folder_names_match_labels(string folder, int index)
    {
        Assert.Equal([index], FolderLabelMatcher.Match([folder], Labels, new Dictionary<string, string>()));
    }

    [Fact]
    public void Mapping_file_wins_and_unknown_names_are_errors_naming_them()
    {
        string mapping = _temp.File("mapping.txt");
        File.WriteAllLines(mapping, ["# comment", "", "kitty = tiger cat", "crisps=packet"]);
        var map = FolderLabelMatcher.ReadMapping(mapping);

        Assert.Equal([283, 693], FolderLabelMatcher.Match(["kitty", "crisps"], Labels, map));
        var unmatched = Assert.Throws<DatasetException>(() => FolderLabelMatcher.Match(["kitty", "unicorn"], Labels, map));
        Assert.Contains("'unicorn'", unmatched.Message);
        var badTarget = Assert.Throws<DatasetException>(() =>
            FolderLabelMatcher.Match(["kitty"], Labels, new Dictionary<string, string> { ["kitty"] = "no such label" }));
        Assert.Contains("'no such label'", badTarget.Message);
        var duplicate = Assert.Throws<DatasetException>(() => FolderLabelMatcher.Match(["tabby", "Tabby cat"], Labels, map));
        Assert.Contains("both match", duplicate.Message);
    }

    [Fact]
    public void Mapping_line_without_equals_is_an_error_with_its_line_number()
    {
        string mapping = _temp.File("mapping.txt");
        File.WriteAllLines(mapping, ["kitty=tiger cat", "crisps packet"]);

        var error = Assert.Throws<DatasetException>(() => FolderLabelMatcher.ReadMapping(mapping));
        Assert.Contains("mapping.txt:2", error.Message);
    }
}
