using Google.FlatBuffers;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>
/// Writes small TFLite flatbuffers for tests. Field numbers follow TFLite's schema (Model, SubGraph, Tensor,
/// QuantizationParameters, Buffer, Operator, OperatorCode).
/// </summary>
internal static class TinyTflite
{
    public const sbyte Float32 = 0, Int32Type = 2, UInt8 = 3, Int8 = 9;

    /// <summary>A tensor; <see cref="Data"/> makes it a constant, <see cref="Scales"/> makes it quantized.</summary>
    public sealed record TensorSpec(
        string Name, int[] Shape, sbyte Type = Float32, byte[]? Data = null, float[]? Scales = null, long[]? ZeroPoints = null, int Axis = 0)
    {
        public static TensorSpec Floats(string name, int[] shape, params float[] values) =>
            new(name, shape, Float32, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

        public static TensorSpec Ints(string name, int[] shape, params int[] values) =>
            new(name, shape, Int32Type, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>An operator by builtin code; <see cref="Options"/> are (field number, int/float/bool value) pairs.</summary>
    public sealed record OperatorSpec(int Code, int[] Inputs, int[] Outputs, params (int Field, object Value)[] Options);

    public static byte[] Build(TensorSpec[] tensors, OperatorSpec[] operators, int[] inputs, int[] outputs)
    {
        var b = new FlatBufferBuilder(1024) { ForceDefaults = true };

        // Buffer 0 is the conventional empty buffer; each constant tensor gets its own after it.
        var bufferOffsets = new List<int> { Buffer(b, null) };
        var tensorOffsets = tensors.Select(t =>
        {
            var buffer = 0u;
            if (t.Data is not null)
            {
                bufferOffsets.Add(Buffer(b, t.Data));
                buffer = (uint)(bufferOffsets.Count - 1);
            }

            var quantization = t.Scales is null ? 0 : Quantization(b, t);
            var name = b.CreateString(t.Name);
            var shape = IntVector(b, t.Shape);
            b.StartTable(5);
            b.AddOffset(0, shape, 0);
            b.AddSbyte(1, t.Type, 0);
            b.AddUint(2, buffer, 0);
            b.AddOffset(3, name.Value, 0);
            if (quantization != 0)
            {
                b.AddOffset(4, quantization, 0);
            }

            return b.EndTable();
        }).ToArray();

        var codes = operators.Select(o => o.Code).Distinct().ToList();
        var codeOffsets = codes.Select(code =>
        {
            // Codes above 127 put 127 ("see builtin_code") in the old 8-bit field.
            b.StartTable(4);
            b.AddSbyte(0, (sbyte)Math.Min(code, 127), 0);
            b.AddInt(3, code, 0);
            return b.EndTable();
        }).ToArray();

        var operatorOffsets = operators.Select(o =>
        {
            var options = o.Options.Length == 0 ? 0 : Options(b, o.Options);
            var operatorInputs = IntVector(b, o.Inputs);
            var operatorOutputs = IntVector(b, o.Outputs);
            b.StartTable(5);
            b.AddUint(0, (uint)codes.IndexOf(o.Code), 0);
            b.AddOffset(1, operatorInputs, 0);
            b.AddOffset(2, operatorOutputs, 0);
            if (options != 0)
            {
                b.AddOffset(4, options, 0);
            }

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

        var codeVector = TableVector(b, codeOffsets);
        var subgraphs = TableVector(b, [subgraph]);
        var buffers = TableVector(b, [.. bufferOffsets]);
        b.StartTable(7);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codeVector, 0);
        b.AddOffset(2, subgraphs, 0);
        b.AddOffset(4, buffers, 0);
        b.Finish(b.EndTable(), "TFL3");
        return b.SizedByteArray();
    }

    private static int Buffer(FlatBufferBuilder b, byte[]? data)
    {
        var vector = 0;
        if (data is not null)
        {
            b.StartVector(1, data.Length, 16);
            for (var i = data.Length - 1; i >= 0; i--)
            {
                b.AddByte(data[i]);
            }

            vector = b.EndVector().Value;
        }

        b.StartTable(1);
        if (vector != 0)
        {
            b.AddOffset(0, vector, 0);
        }

        return b.EndTable();
    }

    private static int Quantization(FlatBufferBuilder b, TensorSpec t)
    {
        b.StartVector(4, t.Scales!.Length, 4);
        foreach (var scale in t.Scales.Reverse())
        {
            b.AddFloat(scale);
        }

        var scales = b.EndVector().Value;
        var zeroPoints = t.ZeroPoints ?? new long[t.Scales.Length];
        b.StartVector(8, zeroPoints.Length, 8);
        foreach (var zeroPoint in zeroPoints.Reverse())
        {
            b.AddLong(zeroPoint);
        }

        var zeroPointVector = b.EndVector().Value;
        b.StartTable(7);
        b.AddOffset(2, scales, 0);
        b.AddOffset(3, zeroPointVector, 0);
        b.AddInt(6, t.Axis, 0);
        return b.EndTable();
    }

    private static int Options(FlatBufferBuilder b, (int Field, object Value)[] fields)
    {
        b.StartTable(fields.Max(f => f.Field) + 1);
        foreach (var (field, value) in fields)
        {
            switch (value)
            {
                case int i: b.AddInt(field, i, 0); break;
                case float f: b.AddFloat(field, f, 0); break;
                case bool flag: b.AddBool(field, flag, false); break;
                case sbyte s: b.AddSbyte(field, s, 0); break;
                default: throw new ArgumentException($"option value {value} of field {field} has an unsupported type");
            }
        }

        return b.EndTable();
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
