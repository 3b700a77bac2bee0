using EdgeClassifier.Fuzz.Targets;

namespace EdgeClassifier.Fuzz;

/// <summary>
/// One thing the service reads from outside. <see cref="Run"/> feeds it one input and catches only the exception
/// the code documents for bad input, so anything else escaping (or a native crash) is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Processes one fuzzer input.</summary>
    void Run(Stream input);

    /// <summary>Small valid inputs to start from, as (file name, bytes).</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds();
}

/// <summary>The targets by the name <c>scripts/fuzz.sh</c> takes.</summary>
internal static class FuzzTargets
{
    /// <summary>A per-process scratch folder for targets that read files (declared first: the targets use it).</summary>
    public static readonly string Scratch = Directory.CreateTempSubdirectory("edgeclassifier-fuzz-").FullName;

    // Factories, not instances: instrumented code must not run before afl-fuzz's shared memory is attached.
    public static readonly IReadOnlyDictionary<string, Func<IFuzzTarget>> All = new Dictionary<string, Func<IFuzzTarget>>(StringComparer.Ordinal)
    {
        ["tflite"] = () => new TfliteTarget(),
        ["image"] = () => new ImageTarget(),
        ["mjpeg"] = () => new MjpegTarget(),
        ["labels"] = () => new LabelsTarget(),
        ["mqtt-command"] = () => new MqttCommandTarget(),
        ["config"] = () => new ConfigTarget(),
    };


    public static byte[] ReadAll(Stream input)
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        return copy.ToArray();
    }
}
