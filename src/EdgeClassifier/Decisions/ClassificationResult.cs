namespace EdgeClassifier.Decisions;

/// <summary>
/// The ranked answer for one frame. One instance is reused frame after frame, so reading it allocates nothing;
/// copy what you keep (see <see cref="ToArray"/>).
/// </summary>
public sealed class ClassificationResult
{
    private readonly Category[] _top;

    public ClassificationResult(int maxResults)
    {
        _top = new Category[maxResults];
    }

    /// <summary>The labels that passed the thresholds, best first (ties: lower index first).</summary>
    public ReadOnlySpan<Category> Top => _top.AsSpan(0, Count);

    /// <summary>How many labels passed.</summary>
    public int Count { get; private set; }

    /// <summary>True when no label is clearly ahead: top-1 minus top-2 below the ambiguity margin.</summary>
    public bool Ambiguous { get; internal set; }

    /// <summary>Best allowed score before thresholds (for ambiguity and diagnostics).</summary>
    public float FirstScore { get; internal set; }

    /// <summary>Second-best allowed score before thresholds.</summary>
    public float SecondScore { get; internal set; }

    /// <summary>True when at least one label passed.</summary>
    public bool HasMatch => Count > 0;

    /// <summary>The best label; only valid when <see cref="HasMatch"/>.</summary>
    public Category Best => _top[0];

    /// <summary>A copy of <see cref="Top"/> to keep after the next frame.</summary>
    public Category[] ToArray() => Top.ToArray();

    internal int Capacity => _top.Length;

    internal void Clear() => Count = 0;

    /// <summary>Inserts in rank order, dropping the worst when full (ties keep the earlier, lower index).</summary>
    internal void Insert(Category category)
    {
        if (Count == _top.Length && !(category.Score > _top[Count - 1].Score))
        {
            return;
        }

        int position = Count == _top.Length ? Count - 1 : Count++;
        while (position > 0 && category.Score > _top[position - 1].Score)
        {
            _top[position] = _top[position - 1];
            position--;
        }

        _top[position] = category;
    }
}
