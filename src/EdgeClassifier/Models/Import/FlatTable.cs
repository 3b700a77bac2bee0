using Google.FlatBuffers;

namespace EdgeClassifier.Models.Import;

/// <summary>
/// A flatbuffer table addressed by field number (the order of fields in the schema), with bounds checks so that a
/// truncated file fails with <see cref="ModelImportException"/> instead of reading past the end.
/// </summary>
internal readonly struct FlatTable
{
    private readonly Table _table;

    private FlatTable(int position, ByteBuffer buffer)
    {
        _table = new Table(position, buffer);
    }

    /// <summary>The root table of a flatbuffer: the first 4 bytes hold its offset.</summary>
    public static FlatTable Root(ByteBuffer buffer)
    {
        RequireRange(buffer, 0, 4);
        return At(buffer, buffer.GetInt(0));
    }

    /// <summary>False for <c>default(FlatTable)</c>, which stands for an absent table.</summary>
    public bool IsPresent => _table.bb is not null;

    public byte GetByte(int field, byte fallback = 0) => Offset(field) is var o and not 0 ? Read(o, 1, _table.bb.Get) : fallback;

    public sbyte GetSByte(int field, sbyte fallback = 0) => Offset(field) is var o and not 0 ? Read(o, 1, _table.bb.GetSbyte) : fallback;

    public bool GetBool(int field) => GetByte(field) != 0;

    public int GetInt(int field, int fallback = 0) => Offset(field) is var o and not 0 ? Read(o, 4, _table.bb.GetInt) : fallback;

    public uint GetUInt(int field, uint fallback = 0) => Offset(field) is var o and not 0 ? Read(o, 4, _table.bb.GetUint) : fallback;

    public ulong GetULong(int field) => Offset(field) is var o and not 0 ? Read(o, 8, _table.bb.GetUlong) : 0;

    public float GetFloat(int field, float fallback = 0) => Offset(field) is var o and not 0 ? Read(o, 4, _table.bb.GetFloat) : fallback;

    public string? GetString(int field)
    {
        var o = Offset(field);
        if (o == 0)
        {
            return null;
        }

        var (start, length) = Vector(o, 1);
        return _table.bb.GetStringUTF8(start, length);
    }

    public FlatTable? GetTable(int field)
    {
        var o = Offset(field);
        return o == 0 ? null : At(_table.bb, Indirect(_table.bb_pos + o));
    }

    public int VectorLength(int field)
    {
        var o = Offset(field);
        return o == 0 ? 0 : Vector(o, 1).Length;
    }

    private FlatTable GetTableAt(int field, int index)
    {
        var (start, length) = Vector(Offset(field), 4);
        return At(_table.bb, Indirect(start + (4 * index)));
    }

    public IReadOnlyList<FlatTable> GetTables(int field)
    {
        var count = VectorLength(field);
        var tables = new FlatTable[count];
        for (var i = 0; i < count; i++)
        {
            tables[i] = GetTableAt(field, i);
        }

        return tables;
    }

    public int[] GetInts(int field) => GetArray(field, 4, _table.bb.GetInt);

    public long[] GetLongs(int field) => GetArray(field, 8, _table.bb.GetLong);

    public float[] GetFloats(int field) => GetArray(field, 4, _table.bb.GetFloat);

    /// <summary>A byte vector as a segment of the underlying buffer (no copy); empty when the field is absent.</summary>
    public ArraySegment<byte> GetBytes(int field)
    {
        var o = Offset(field);
        if (o == 0)
        {
            return ArraySegment<byte>.Empty;
        }

        var (start, length) = Vector(o, 1);
        return _table.bb.ToArraySegment(start, length);
    }

    private T[] GetArray<T>(int field, int elementSize, Func<int, T> read)
    {
        var o = Offset(field);
        if (o == 0)
        {
            return [];
        }

        var (start, length) = Vector(o, elementSize);
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = read(start + (i * elementSize));
        }

        return values;
    }

    private static FlatTable At(ByteBuffer buffer, int position)
    {
        RequireRange(buffer, position, 4);
        var vtable = position - buffer.GetInt(position);
        RequireRange(buffer, vtable, 4);
        RequireRange(buffer, vtable, buffer.GetShort(vtable));
        return new FlatTable(position, buffer);
    }

    private int Offset(int field)
    {
        // The vtable lists field offsets after its own two 16-bit sizes, so field n sits at byte 4 + 2n.
        var vtableOffset = 4 + (2 * field);
        var vtable = _table.bb_pos - _table.bb.GetInt(_table.bb_pos);
        return vtableOffset < _table.bb.GetShort(vtable) ? _table.bb.GetShort(vtable + vtableOffset) : 0;
    }

    private int Indirect(int position)
    {
        RequireRange(_table.bb, position, 4);
        return position + _table.bb.GetInt(position);
    }

    private (int Start, int Length) Vector(int fieldOffset, int elementSize)
    {
        var vector = Indirect(_table.bb_pos + fieldOffset);
        RequireRange(_table.bb, vector, 4);
        var length = _table.bb.GetInt(vector);
        RequireRange(_table.bb, vector + 4, (long)length * elementSize);
        return (vector + 4, length);
    }

    private T Read<T>(int fieldOffset, int size, Func<int, T> read)
    {
        RequireRange(_table.bb, _table.bb_pos + fieldOffset, size);
        return read(_table.bb_pos + fieldOffset);
    }

    private static void RequireRange(ByteBuffer buffer, long start, long length)
    {
        if (start < 0 || length < 0 || start + length > buffer.Length)
        {
            throw new TruncatedFlatbufferException();
        }
    }
}

/// <summary>A read past the end of a flatbuffer; the importer turns it into a message naming the file.</summary>
internal sealed class TruncatedFlatbufferException : Exception;
