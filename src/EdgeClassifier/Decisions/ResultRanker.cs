using System.Runtime.CompilerServices;

namespace EdgeClassifier.Decisions;

/// <summary>
/// Hot path: turns a probability vector into a <see cref="ClassificationResult"/> — allow/deny lists, thresholds,
/// top-K and the ambiguity flag — in one pass over the classes without allocating.
/// </summary>
public sealed class ResultRanker
{
    private readonly string[] _labels;
    private readonly bool[] _allowed;
    private readonly float[] _minimumScore;
    private float _scoreThreshold;

    /// <summary>Builds the per-class tables; unknown label names in the options are an error naming them.</summary>
    /// <exception cref="ArgumentException">Invalid options or a label the model does not have.</exception>
    public ResultRanker(IReadOnlyList<string> labels, ClassificationOptions options)
    {
        string? problem = options.Validate().FirstOrDefault();
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        _labels = labels.ToArray();
        Options = options;
        _scoreThreshold = options.ScoreThreshold;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < _labels.Length; i++)
        {
            index.TryAdd(_labels[i], i);
        }

        _allowed = new bool[_labels.Length];
        Array.Fill(_allowed, options.CategoryAllowlist.Length == 0);
        foreach (string label in options.CategoryAllowlist)
        {
            _allowed[Lookup(index, label, "CategoryAllowlist")] = true;
        }

        foreach (string label in options.CategoryDenylist)
        {
            _allowed[Lookup(index, label, "CategoryDenylist")] = false;
        }

        _minimumScore = new float[_labels.Length];
        foreach (var (label, score) in options.MinScores)
        {
            _minimumScore[Lookup(index, label, "MinScores")] = score;
        }
    }

    public ClassificationOptions Options { get; }

    /// <summary>The global score threshold; can be changed while running (e.g. by an MQTT command).</summary>
    public float ScoreThreshold
    {
        get => Volatile.Read(ref _scoreThreshold);
        set => Volatile.Write(ref _scoreThreshold, value is >= 0f and <= 1f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The score threshold must be between 0 and 1."));
    }

    /// <summary>A result object sized for these options.</summary>
    public ClassificationResult CreateResult() => new(Options.MaxResults);

    /// <summary>Ranks <paramref name="probabilities"/> (one per label) into <paramref name="result"/>.</summary>
    // Optimised from its first call (see Preprocessor.Run): unoptimised tier-0 code, which inlines nothing, made the first
    // seconds' frames miss the budget.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Rank(ReadOnlySpan<float> probabilities, ClassificationResult result)
    {
        if (probabilities.Length != _labels.Length)
        {
            throw new ArgumentException($"Expected {_labels.Length} scores, got {probabilities.Length}.");
        }

        float threshold = ScoreThreshold;
        float first = float.NegativeInfinity, second = float.NegativeInfinity;
        result.Clear();
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (!_allowed[i])
            {
                continue;
            }

            float score = probabilities[i];
            if (score > first)
            {
                (first, second) = (score, first);
            }
            else if (score > second)
            {
                second = score;
            }

            if (score >= threshold && score >= _minimumScore[i])
            {
                result.Insert(new Category(i, _labels[i], score));
            }
        }

        result.FirstScore = float.IsNegativeInfinity(first) ? 0f : first;
        result.SecondScore = float.IsNegativeInfinity(second) ? 0f : second;
        result.Ambiguous = !float.IsNegativeInfinity(second) && first - second < Options.AmbiguityMargin;
    }

    private static int Lookup(Dictionary<string, int> index, string label, string key) =>
        index.TryGetValue(label, out int i)
            ? i
            : throw new ArgumentException($"Classification:{key} names '{label}', which is not one of the model's labels.");
}
