using System.Numerics;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// The per-output-column half of every neighbour's address, for the content columns of a row, worked out once per
/// plan. Unrotated (and 180°), output columns walk source x: the tables hold each load's column offset of the low
/// (<see cref="Near"/>) and high (<see cref="Far"/>) neighbour column, and the source row is the per-row scalar. With
/// 90° and 270° output columns walk source y: the tables hold row offsets and the source column is the scalar.
/// Tables are padded with their last entry to a whole number of vectors, so vector loops need no scalar tail.
/// </summary>
internal sealed class NeighbourTables
{
    public NeighbourTables(SamplingPlan plan, ByteAccess[] accesses)
    {
        Accesses = accesses;
        Count = Math.Max(plan.ColumnEnd - plan.ColumnStart, 0);
        Padded = Math.Max(Count + Vector<float>.Count - 1, Vector<float>.Count) / Vector<float>.Count * Vector<float>.Count;
        Near = new int[accesses.Length][];
        Far = new int[accesses.Length][];
        MaxOffset = new int[accesses.Length];
        for (int a = 0; a < accesses.Length; a++)
        {
            ByteAccess access = accesses[a];
            Near[a] = Table(plan, plan.ColumnLo, c => plan.SwapsAxes ? access.Row(c) : access.Column(c));
            Far[a] = Table(plan, plan.ColumnHi, c => plan.SwapsAxes ? access.Row(c) : access.Column(c));
            MaxOffset[a] = Math.Max(Near[a].Max(), Far[a].Max());
        }

        OddNear = Table(plan, plan.ColumnLo, c => (c & 1) != 0 ? uint.MaxValue : 0u);
        OddFar = Table(plan, plan.ColumnHi, c => (c & 1) != 0 ? uint.MaxValue : 0u);
        Weight = Table(plan, plan.ColumnWeight, w => w);
        OneMinusWeight = Table(plan, plan.ColumnWeight, w => 1f - w);
    }

    /// <summary>The loads of one pixel of the source format.</summary>
    public ByteAccess[] Accesses { get; }

    /// <summary>Content columns in a row (the rest, if any, is letterbox padding).</summary>
    public int Count { get; }

    /// <summary><see cref="Count"/> rounded up to whole vectors: the length of every table.</summary>
    public int Padded { get; }

    /// <summary>Per load: the offset part of each content column's low neighbour.</summary>
    public int[][] Near { get; }

    /// <summary>Per load: the offset part of each content column's high neighbour.</summary>
    public int[][] Far { get; }

    /// <summary>Per load: the largest entry of <see cref="Near"/> and <see cref="Far"/>.</summary>
    public int[] MaxOffset { get; }

    /// <summary>All bits set where the low neighbour's source column is odd (unrotated packed 4:2:2 only).</summary>
    public uint[] OddNear { get; }

    /// <summary>All bits set where the high neighbour's source column is odd.</summary>
    public uint[] OddFar { get; }

    /// <summary>The weight of the high neighbour along the axis output columns walk.</summary>
    public float[] Weight { get; }

    /// <summary><c>1 - </c><see cref="Weight"/>, computed as the reference computes it.</summary>
    public float[] OneMinusWeight { get; }

    private T[] Table<TSource, T>(SamplingPlan plan, TSource[] perColumn, Func<TSource, T> value)
    {
        var table = new T[Padded];
        for (int i = 0; i < Padded; i++)
        {
            table[i] = value(perColumn[plan.ColumnStart + Math.Min(i, Math.Max(Count - 1, 0))]);
        }

        return table;
    }
}
