using EdgeClassifier.Inference;

namespace EdgeClassifier.Fuzz.Targets;

/// <summary>A classifier's labels file (<c>Model:Labels</c>, <c>--labels</c>); bad input is <see cref="ModelLoadException"/>.</summary>
internal sealed class LabelsTarget : IFuzzTarget
{
    private readonly string _path = Path.Combine(FuzzTargets.Scratch, "labels.txt");

    public void Run(Stream input)
    {
        File.WriteAllBytes(_path, FuzzTargets.ReadAll(input));
        try
        {
            LabelsFile.Read(_path);
        }
        catch (ModelLoadException)
        {
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("three.txt", "background\ncat\ndog\n"u8.ToArray()),
        ("crlf.txt", "tabby cat\r\ngolden retriever\r\n\r\n"u8.ToArray()),
    ];
}
