using Google.FlatBuffers;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// Reads the tables of a TFLite flatbuffer that an image classifier needs. Field numbers follow TFLite's schema:
/// each constant below is the position of the field in its table.
/// </summary>
internal static class TfliteModelReader
{
    private const string FileIdentifier = "TFL3";

    private static class ModelField
    {
        public const int OperatorCodes = 1, Subgraphs = 2, Buffers = 4, Metadata = 6;
    }

    private static class OperatorCodeField
    {
        public const int DeprecatedBuiltinCode = 0, CustomCode = 1, BuiltinCode = 3;
    }

    private static class SubgraphField
    {
        public const int Tensors = 0, Inputs = 1, Outputs = 2, Operators = 3;
    }

    private static class TensorField
    {
        public const int Shape = 0, Type = 1, Buffer = 2, Name = 3, Quantization = 4;
    }

    private static class QuantizationField
    {
        public const int Scale = 2, ZeroPoint = 3, QuantizedDimension = 6;
    }

    private static class OperatorField
    {
        public const int OpcodeIndex = 0, Inputs = 1, Outputs = 2, BuiltinOptions = 4;
    }

    private static class BufferField
    {
        public const int Data = 0, Offset = 1, Size = 2;
    }

    private static class MetadataField
    {
        public const int Name = 0, Buffer = 1;
    }

    /// <summary>True when <paramref name="bytes"/> carries TFLite's file identifier at offset 4.</summary>
    public static bool HasTfliteIdentifier(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes.Slice(4, 4).SequenceEqual("TFL3"u8);

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="fileName"/> only names the file in errors.</summary>
    public static TfliteModel Read(byte[] bytes, string fileName)
    {
        if (!HasTfliteIdentifier(bytes))
        {
            throw new ModelImportException(bytes.Length < 8
                ? $"{fileName}: too short to be a TFLite model ({bytes.Length} bytes)"
                : $"{fileName}: not a TFLite model (no '{FileIdentifier}' identifier at byte 4)");
        }

        TfliteModel model;
        try
        {
            model = ReadModel(bytes);
        }
        catch (TruncatedFlatbufferException ex)
        {
            throw new ModelImportException($"{fileName}: truncated or corrupt TFLite file ({bytes.Length} bytes)", ex);
        }

        try
        {
            TfliteStructureCheck.Check(model);
        }
        catch (ModelImportException ex)
        {
            throw new ModelImportException($"{fileName}: {ex.Message}", ex);
        }

        return model;
    }

    private static TfliteModel ReadModel(byte[] bytes)
    {
        var model = FlatTable.Root(new ByteBuffer(bytes));
        var buffers = model.GetTables(ModelField.Buffers).Select(b => BufferData(b, bytes)).ToArray();
        var operatorCodes = model.GetTables(ModelField.OperatorCodes).Select(ReadOperatorCode).ToArray();
        if (model.VectorLength(ModelField.Subgraphs) == 0)
        {
            throw new TruncatedFlatbufferException();
        }

        var subgraph = model.GetTables(ModelField.Subgraphs)[0];
        var tensors = subgraph.GetTables(SubgraphField.Tensors)
            .Select((t, i) => ReadTensor(t, i, buffers))
            .ToArray();
        var operators = subgraph.GetTables(SubgraphField.Operators)
            .Select(o => ReadOperator(o, operatorCodes))
            .ToArray();
        var metadata = new Dictionary<string, ArraySegment<byte>>(StringComparer.Ordinal);
        foreach (var entry in model.GetTables(ModelField.Metadata))
        {
            var name = entry.GetString(MetadataField.Name);
            var buffer = entry.GetUInt(MetadataField.Buffer);
            if (name is not null && buffer < buffers.Length)
            {
                metadata[name] = buffers[buffer];
            }
        }

        return new TfliteModel(
            tensors, operators, subgraph.GetInts(SubgraphField.Inputs), subgraph.GetInts(SubgraphField.Outputs), metadata);
    }

    private static ArraySegment<byte> BufferData(FlatTable buffer, byte[] file)
    {
        // Models over 2 GB keep buffers outside the flatbuffer, addressed from the start of the file.
        var offset = buffer.GetULong(BufferField.Offset);
        if (offset > 1)
        {
            var size = buffer.GetULong(BufferField.Size);
            if (offset > (ulong)file.Length || size > (ulong)file.Length - offset)
            {
                throw new TruncatedFlatbufferException();
            }

            return new ArraySegment<byte>(file, (int)offset, (int)size);
        }

        return buffer.GetBytes(BufferField.Data);
    }

    private static (int Builtin, string? Custom) ReadOperatorCode(FlatTable code)
    {
        // Old files only set the 8-bit field; newer ones put 127 there and the real code in the 32-bit field.
        var deprecated = code.GetSByte(OperatorCodeField.DeprecatedBuiltinCode);
        var builtin = Math.Max(deprecated, code.GetInt(OperatorCodeField.BuiltinCode));
        var custom = builtin == (int)TfliteOperatorCode.Custom ? code.GetString(OperatorCodeField.CustomCode) : null;
        return (builtin, custom);
    }

    private static TfliteTensor ReadTensor(FlatTable tensor, int index, ArraySegment<byte>[] buffers)
    {
        var bufferIndex = tensor.GetUInt(TensorField.Buffer);
        var data = bufferIndex < buffers.Length ? buffers[bufferIndex] : ArraySegment<byte>.Empty;
        return new TfliteTensor(
            index,
            tensor.GetString(TensorField.Name) ?? $"tensor_{index}",
            tensor.GetInts(TensorField.Shape),
            (TfliteTensorType)tensor.GetSByte(TensorField.Type),
            data,
            ReadQuantization(tensor.GetTable(TensorField.Quantization)));
    }

    private static TfliteQuantization? ReadQuantization(FlatTable? quantization)
    {
        if (quantization is not { } q)
        {
            return null;
        }

        var scales = q.GetFloats(QuantizationField.Scale);
        if (scales.Length == 0)
        {
            return null;
        }

        var zeroPoints = q.GetLongs(QuantizationField.ZeroPoint);
        if (zeroPoints.Length != scales.Length)
        {
            zeroPoints = new long[scales.Length];
        }

        return new TfliteQuantization(scales, zeroPoints, q.GetInt(QuantizationField.QuantizedDimension));
    }

    private static TfliteOperator ReadOperator(FlatTable op, (int Builtin, string? Custom)[] codes)
    {
        var codeIndex = op.GetUInt(OperatorField.OpcodeIndex);
        if (codeIndex >= codes.Length)
        {
            throw new TruncatedFlatbufferException();
        }

        var (builtin, custom) = codes[codeIndex];
        return new TfliteOperator(
            builtin,
            custom,
            op.GetInts(OperatorField.Inputs),
            op.GetInts(OperatorField.Outputs),
            op.GetTable(OperatorField.BuiltinOptions));
    }
}
