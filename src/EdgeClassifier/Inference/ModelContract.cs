using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Inference;

/// <summary>
/// Everything the service needs to know to feed a classifier and read its answer, taken from the model file
/// (shapes, types, metadata) and, where the file is silent, from <see cref="ModelOptions"/>.
/// </summary>
public sealed record ModelContract(
    string ModelPath,
    string InputName,
    InputTensorSpec Input,
    long[] InputShape,
    string OutputName,
    long[] OutputShape,
    IReadOnlyList<string> Labels,
    string LabelsPath,
    OutputKind OutputKind,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Number of classes the model scores (= number of labels).</summary>
    public int ClassCount => Labels.Count;

    /// <summary>The execution provider running the model (<c>cpu</c>, <c>cuda</c>, ...), as named in <c>Runtime:Providers</c>.</summary>
    public string Provider { get; init; } = "cpu";

    /// <summary>The model file name without folders, for logs and results.</summary>
    public string Name => System.IO.Path.GetFileName(ModelPath);
}
