using System.Reflection;
using EdgeClassifier.Hosting;
using NetArchTest.Rules;

namespace EdgeClassifier.Tests.Architecture;

/// <summary>
/// The folders of the service depend on each other in one direction only. Checked on the compiled assembly, so fully
/// qualified names and global usings count as much as <c>using</c> lines. The table is the README's architecture
/// section: change both together.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>Each folder (namespace under <c>EdgeClassifier</c>) and the folders it may use.</summary>
    public static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Cli"] = ["Statistics", "Hosting", "Web", "Models", "Selection", "Benchmarking", "Fleet", "Barcodes", "Outputs", "Pipeline", "Inference", "Preprocessing", "Decisions", "Security", "Settings", "State"],
        ["Hosting"] = ["Statistics", "Web", "Fleet", "Selection", "Barcodes", "Outputs", "Pipeline", "Inference", "Decisions", "Security", "Settings", "State"],
        ["Web"] = ["Statistics", "Barcodes", "Outputs", "Pipeline", "Inference", "Decisions", "Preprocessing", "Security", "Settings", "State"],
        ["Fleet"] = ["Outputs", "Models", "Pipeline", "Inference", "Decisions"],
        ["Barcodes"] = ["Statistics", "Outputs", "Pipeline", "Preprocessing", "Decisions", "Settings"],
        ["Outputs"] = ["Statistics", "Pipeline", "Decisions", "Preprocessing", "Security", "Settings", "State"],
        ["Benchmarking"] = ["Statistics", "Barcodes", "Pipeline", "Inference", "Preprocessing", "Decisions"],
        ["Selection"] = ["Statistics", "Models"],
        ["Models"] = ["Statistics", "Inference", "Preprocessing", "Decisions"],
        ["Pipeline"] = ["Statistics", "Inference", "Preprocessing", "Decisions"],
        ["Inference"] = ["Preprocessing", "Decisions"],
        ["Preprocessing"] = [],
        ["Decisions"] = [],
        ["Security"] = ["Settings"],
        ["State"] = ["Settings"],
        ["Settings"] = [],
        ["Statistics"] = [],
    };

    private static readonly Assembly Service = typeof(EdgeClassifierServiceCollectionExtensions).Assembly;

    [Fact]
    public void Every_folder_of_the_service_is_in_the_table()
    {
        var folders = Service.GetTypes()
            .Select(t => t.Namespace?.Split('.'))
            .Where(parts => parts is { Length: > 1 } && parts[0] == "EdgeClassifier")
            .Select(parts => parts![1])
            .Distinct()
            .Order();

        Assert.All(folders, folder => Assert.True(Allowed.ContainsKey(folder), $"folder {folder} is missing from the dependency table"));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_the_table_allows(string folder)
    {
        string[] forbidden = Allowed.Keys.Where(other => other != folder && !Allowed[folder].Contains(other))
            .Select(other => $"EdgeClassifier.{other}")
            .ToArray();

        TestResult result = Types.InAssembly(Service)
            .That().ResideInNamespace($"EdgeClassifier.{folder}")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} uses a folder it must not ({string.Join(", ", forbidden)}): "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_table_has_no_loop()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();

        void Visit(string folder, List<string> path)
        {
            Assert.False(visiting.Contains(folder), "loop: " + string.Join(" -> ", path.Append(folder)));
            if (!done.Add(folder))
            {
                return;
            }

            visiting.Add(folder);
            foreach (string next in Allowed[folder])
            {
                Visit(next, [.. path, folder]);
            }

            visiting.Remove(folder);
        }

        foreach (string folder in Allowed.Keys)
        {
            Visit(folder, []);
        }
    }

    public static TheoryData<string> Folders() => new(Allowed.Keys);
}
