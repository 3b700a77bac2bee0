namespace EdgeClassifier.Models.Import;

/// <summary>
/// Checks, before an operator is mapped, that it has the inputs its mapper reads and that those have the ranks the
/// mapper indexes into (a convolution reads its input's height, width and channels). A file that breaks this gets a
/// <see cref="ModelImportException"/> naming the operator, never an index error from inside a mapper.
/// </summary>
internal static class OperatorInputCheck
{
    public static void Check(TfliteModel model, TfliteOperator op)
    {
        if (op.Outputs.Length == 0)
        {
            throw new ModelImportException($"operator {op.DisplayName} has no output tensor");
        }

        var needs = Needs(op.Code);
        var output = model.Tensors[op.Outputs[0]].Name;
        if (op.Inputs.Length < needs.Inputs)
        {
            throw new ModelImportException(
                $"operator {op.DisplayName} producing tensor '{output}' has {op.Inputs.Length} inputs; it needs {needs.Inputs}");
        }

        var read = needs.ReadsEveryInput ? op.Inputs.Length : needs.Inputs;
        for (var i = 0; i < read; i++)
        {
            if (op.Inputs[i] < 0)
            {
                throw new ModelImportException($"operator {op.DisplayName} producing tensor '{output}' leaves out its required input {i}");
            }
        }

        for (var i = 0; i < needs.Ranks.Length; i++)
        {
            var tensor = model.Tensors[op.Inputs[i]];
            if (needs.Ranks[i] != AnyRank && tensor.Rank != needs.Ranks[i])
            {
                throw new ModelImportException(
                    $"operator {op.DisplayName} producing tensor '{output}' needs input {i} ('{tensor.Name}') of rank {needs.Ranks[i]}, " +
                    $"but its shape is {TfliteStructureCheck.Describe(tensor.Shape)}");
            }
        }
    }

    private const int AnyRank = -1;

    /// <summary>How many inputs a mapper reads (all of them for variadic operators) and the ranks it relies on.</summary>
    private sealed record Requirement(int Inputs, bool ReadsEveryInput, int[] Ranks);

    private static Requirement Needs(TfliteOperatorCode code) => code switch
    {
        // Input NHWC, weights OHWI (or 1HW(C·M) for depthwise); the bias, input 2, is optional.
        TfliteOperatorCode.Conv2D or TfliteOperatorCode.DepthwiseConv2D => new(2, false, [4, 4]),
        TfliteOperatorCode.FullyConnected => new(2, false, [AnyRank, 2]),
        TfliteOperatorCode.AveragePool2D or TfliteOperatorCode.MaxPool2D => new(1, false, [4]),

        // The second input lists axes (MEAN) or (before, after) pairs (PAD); their mappers check the values.
        TfliteOperatorCode.Mean or TfliteOperatorCode.Pad => new(2, false, []),
        TfliteOperatorCode.Add or TfliteOperatorCode.Mul => new(2, true, []),
        TfliteOperatorCode.Concatenation => new(1, true, []),
        _ => new(1, false, []),
    };
}
