namespace EdgeClassifier.Models.Import;

/// <summary>Affine quantization of a tensor: real = scale * (q - zero point), per tensor or per <see cref="Axis"/>.</summary>
internal sealed record TfliteQuantization(float[] Scales, long[] ZeroPoints, int Axis)
{
    public bool IsPerAxis => Scales.Length > 1;
}

/// <summary>One tensor of the main subgraph; <see cref="Data"/> is non-empty for constants (weights, shapes).</summary>
internal sealed record TfliteTensor(
    int Index,
    string Name,
    int[] Shape,
    TfliteTensorType Type,
    ArraySegment<byte> Data,
    TfliteQuantization? Quantization)
{
    public bool IsConstant => Data.Count > 0;

    public int Rank => Shape.Length;

    /// <summary>True for integer tensors that stand for real numbers through <see cref="Quantization"/>.</summary>
    public bool IsQuantized =>
        Quantization is not null && Type is TfliteTensorType.UInt8 or TfliteTensorType.Int8 or TfliteTensorType.Int32;
}

/// <summary>One operator: its builtin code (or custom name), tensor indices (-1 = optional input left out) and options.</summary>
internal sealed record TfliteOperator(
    int BuiltinCode,
    string? CustomCode,
    int[] Inputs,
    int[] Outputs,
    FlatTable? Options)
{
    public TfliteOperatorCode Code => (TfliteOperatorCode)BuiltinCode;

    /// <summary>The operator's name as TFLite spells it (CONV_2D), or its custom code, or its number.</summary>
    public string DisplayName => CustomCode is not null
        ? $"CUSTOM '{CustomCode}'"
        : Enum.IsDefined(Code) ? ToSchemaName(Code.ToString()) : $"builtin operator {BuiltinCode}";

    private static string ToSchemaName(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsDigit(pascal[i - 1]) ? "_" + c : c.ToString()))
            .ToUpperInvariant()
            .Replace("2D", "_2D", StringComparison.Ordinal);
}

/// <summary>The parts of a TFLite model the importer uses: the first subgraph and the named metadata buffers.</summary>
internal sealed record TfliteModel(
    IReadOnlyList<TfliteTensor> Tensors,
    IReadOnlyList<TfliteOperator> Operators,
    int[] Inputs,
    int[] Outputs,
    IReadOnlyDictionary<string, ArraySegment<byte>> Metadata);
