using Google.FlatBuffers;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>
/// Writes minimal TFLite flatbuffers for tests: float32 tensors without data, operators by builtin code.
/// Field numbers follow TFLite's schema (Model, SubGraph, Tensor, Operator, OperatorCode, Buffer).
/// </summary>
internal static class TinyTflite
{
    public sealed record Tensor(string Name, int[] Shape);

    public sealed record Operator(int DeprecatedCode, int BuiltinCode, int[] Inputs, int[] Outputs, float? SoftmaxBeta = null);

    public static byte[] Build(Tensor[] tensors, Operator[] operators, int[] inputs, int[] outputs)
    {
        var b = new FlatBufferBuilder(1024);
        b.StartTable(1);
        var emptyBuffer = b.EndTable();

        var tensorOffsets = tensors.Select(t =>
        {
            var name = b.CreateString(t.Name);
            var shape = IntVector(b, t.Shape);
            b.StartTable(5);
            b.AddOffset(0, shape, 0);
            b.AddSbyte(1, 0, 0); // FLOAT32
            b.AddUint(2, 0, 0);
            b.AddOffset(3, name.Value, 0);
            return b.EndTable();
        }).ToArray();

        var codeOffsets = operators.Select(o =>
        {
            b.StartTable(4);
            b.AddSbyte(0, (sbyte)o.DeprecatedCode, 0);
            b.AddInt(3, o.BuiltinCode, 0);
            return b.EndTable();
        }).ToArray();

        var operatorOffsets = operators.Select((o, i) =>
        {
            var options = 0;
            if (o.SoftmaxBeta is { } beta)
            {
                b.StartTable(1);
                b.AddFloat(0, beta, 0);
                options = b.EndTable();
            }

            var operatorInputs = IntVector(b, o.Inputs);
            var operatorOutputs = IntVector(b, o.Outputs);
            b.StartTable(5);
            b.AddUint(0, (uint)i, 0);
            b.AddOffset(1, operatorInputs, 0);
            b.AddOffset(2, operatorOutputs, 0);
            b.AddOffset(4, options, 0);
            return b.EndTable();
        }).ToArray();

        var subgraphTensors = TableVector(b, tensorOffsets);
        var subgraphInputs = IntVector(b, inputs);
        var subgraphOutputs = IntVector(b, outputs);
        var subgraphOperators = TableVector(b, operatorOffsets);
        b.StartTable(5);
        b.AddOffset(0, subgraphTensors, 0);
        b.AddOffset(1, subgraphInputs, 0);
        b.AddOffset(2, subgraphOutputs, 0);
        b.AddOffset(3, subgraphOperators, 0);
        var subgraph = b.EndTable();

        var codes = TableVector(b, codeOffsets);
        var subgraphs = TableVector(b, [subgraph]);
        var buffers = TableVector(b, [emptyBuffer]);
        b.StartTable(7);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codes, 0);
        b.AddOffset(2, subgraphs, 0);
        b.AddOffset(4, buffers, 0);
        b.Finish(b.EndTable(), "TFL3");
        return b.SizedByteArray();
    }

    private static int IntVector(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        foreach (var value in values.Reverse())
        {
            b.AddInt(value);
        }

        return b.EndVector().Value;
    }

    private static int TableVector(FlatBufferBuilder b, int[] tables)
    {
        b.StartVector(4, tables.Length, 4);
        foreach (var table in tables.Reverse())
        {
            b.AddOffset(table);
        }

        return b.EndVector().Value;
    }
}
