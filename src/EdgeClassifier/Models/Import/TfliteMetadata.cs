using Google.FlatBuffers;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// What the importer takes from TFLite model metadata (the flatbuffer stored in the model buffer named
/// <c>TFLITE_METADATA</c>): the input normalisation and the name of the output's label file.
/// </summary>
internal sealed record TfliteMetadata(float[] InputMean, float[] InputStd, string? LabelFileName)
{
    public const string BufferName = "TFLITE_METADATA";

    public static readonly TfliteMetadata Empty = new([], [], null);

    // Field numbers of TFLite's metadata schema, per table.
    private const int ModelSubgraphs = 3, ModelAssociatedFiles = 6;
    private const int SubgraphInputs = 2, SubgraphOutputs = 3, SubgraphAssociatedFiles = 4;
    private const int TensorProcessUnits = 4, TensorAssociatedFiles = 6;
    private const int ProcessUnitOptionsType = 0, ProcessUnitOptions = 1;
    private const int NormalizationMean = 0, NormalizationStd = 1;
    private const int FileName = 0, FileType = 2;
    private const byte NormalizationOptionsType = 1;
    private const sbyte TensorAxisLabelsType = 2;

    /// <summary>Reads the metadata of <paramref name="model"/>, or <see cref="Empty"/> when it has none.</summary>
    public static TfliteMetadata Read(TfliteModel model, string fileName)
    {
        if (!model.Metadata.TryGetValue(BufferName, out var bytes))
        {
            return Empty;
        }

        try
        {
            return Parse(bytes);
        }
        catch (TruncatedFlatbufferException ex)
        {
            throw new ModelImportException($"{fileName}: the {BufferName} metadata is truncated or corrupt", ex);
        }
    }

    private static TfliteMetadata Parse(ArraySegment<byte> bytes)
    {
        var root = FlatTable.Root(new ByteBuffer(bytes.ToArray()));
        var subgraph = Tables(root, ModelSubgraphs).FirstOrDefault();
        var input = Tables(subgraph, SubgraphInputs).FirstOrDefault();
        var output = Tables(subgraph, SubgraphOutputs).FirstOrDefault();
        var (mean, std) = Normalization(input);

        // Prefer the labels attached to the output tensor, then any labels file of the subgraph or model.
        var labelFile = AxisLabelFile(output, TensorAssociatedFiles)
            ?? AxisLabelFile(subgraph, SubgraphAssociatedFiles)
            ?? AxisLabelFile(root, ModelAssociatedFiles);
        return new TfliteMetadata(mean, std, labelFile);
    }

    private static (float[] Mean, float[] Std) Normalization(FlatTable tensor)
    {
        foreach (var unit in Tables(tensor, TensorProcessUnits))
        {
            if (unit.GetByte(ProcessUnitOptionsType) == NormalizationOptionsType && unit.GetTable(ProcessUnitOptions) is { } options)
            {
                return (options.GetFloats(NormalizationMean), options.GetFloats(NormalizationStd));
            }
        }

        return ([], []);
    }

    private static string? AxisLabelFile(FlatTable table, int field) =>
        Tables(table, field).Where(f => f.GetSByte(FileType) == TensorAxisLabelsType).Select(f => f.GetString(FileName)).FirstOrDefault();

    // A default FlatTable stands for a table the metadata leaves out; it has no fields.
    private static IReadOnlyList<FlatTable> Tables(FlatTable table, int field) =>
        table.IsPresent ? table.GetTables(field) : [];
}
