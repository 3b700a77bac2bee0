namespace EdgeClassifier.Decisions;

/// <summary>
/// Hot path: turns the stream of per-frame results into decisions. Each frame votes for a state — a label, "no match"
/// or "ambiguous" — with hysteresis (a new label needs <see cref="DecisionOptions.EnterScore"/>, the current one is
/// kept down to <see cref="DecisionOptions.ExitScore"/>); the decision changes when one state wins the stability
/// window. Allocates only when it emits a decision.
/// </summary>
public sealed class DecisionMaker
{
    /// <summary>State id of "no label passed".</summary>
    public const int NoMatch = -1;

    /// <summary>State id of "no label clearly ahead".</summary>
    public const int AmbiguousState = -2;

    private readonly DecisionOptions _options;
    private readonly IReadOnlyList<string> _labels;
    private readonly int[] _window;
    private readonly int _needed;
    private int _filled;
    private int _next;

    public DecisionMaker(DecisionOptions options, IReadOnlyList<string> labels)
    {
        string? problem = options.Validate().FirstOrDefault();
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        _options = options;
        _labels = labels;
        int size = options.Mode == DecisionMode.Instant ? 1 : options.StableFrames;
        _window = new int[size];
        _needed = options.Mode == DecisionMode.Instant ? 1 : (int)Math.Ceiling(size * options.StablePercent / 100.0);
        CurrentState = int.MinValue;
    }

    /// <summary>The state of the last decision (a label index, <see cref="NoMatch"/> or <see cref="AmbiguousState"/>).</summary>
    public int CurrentState { get; private set; }

    /// <summary>The last decision emitted, if any.</summary>
    public Decision? Current { get; private set; }

    /// <summary>Forgets the history (e.g. after a pause or a model change).</summary>
    public void Reset()
    {
        _filled = 0;
        _next = 0;
        CurrentState = int.MinValue;
        Current = null;
    }

    /// <summary>
    /// Feeds one frame's result; true when a decision should be emitted (the state changed, or every frame when
    /// configured). Allocation-free.
    /// </summary>
    public bool Update(ClassificationResult result)
    {
        _window[_next] = Vote(result);
        _next = (_next + 1) % _window.Length;
        _filled = Math.Min(_filled + 1, _window.Length);

        int winner = Winner();
        if (winner != int.MinValue && winner != CurrentState)
        {
            CurrentState = winner;
            return true;
        }

        return _options.EmitEveryFrame && Current is not null;
    }

    /// <summary>Builds the decision for the current state from the frame that produced it.</summary>
    public Decision Emit(ClassificationResult result, DateTimeOffset timestamp, string frame, long sequence)
    {
        Current = Create(result, timestamp, frame, sequence);
        return Current;
    }

    private int Vote(ClassificationResult result)
    {
        // Nothing above the thresholds is "no match", even when the (filtered-out) leaders are close together.
        if (!result.HasMatch)
        {
            return NoMatch;
        }

        if (result.Ambiguous)
        {
            return AmbiguousState;
        }

        Category best = result.Best;
        float needed = best.Index == CurrentState ? _options.ExitScore : _options.EnterScore;
        return best.Score >= needed ? best.Index : NoMatch;
    }

    /// <summary>The state holding enough of the window, preferring the latest frame's vote.</summary>
    private int Winner()
    {
        if (_filled < _needed)
        {
            return int.MinValue;
        }

        int latest = _window[(_next - 1 + _window.Length) % _window.Length];
        if (Votes(latest) >= _needed)
        {
            return latest;
        }

        for (int i = 0; i < _filled; i++)
        {
            if (Votes(_window[i]) >= _needed)
            {
                return _window[i];
            }
        }

        return int.MinValue;
    }

    // Windows are a handful of frames: counting is cheaper than a dictionary and allocates nothing.
    private int Votes(int state)
    {
        int count = 0;
        for (int i = 0; i < _filled; i++)
        {
            count += _window[i] == state ? 1 : 0;
        }

        return count;
    }

    private Decision Create(ClassificationResult result, DateTimeOffset timestamp, string frame, long sequence)
    {
        Category[] top = result.ToArray();
        return CurrentState switch
        {
            NoMatch => new Decision(null, -1, 0f, false, top, timestamp, frame, sequence),
            AmbiguousState => new Decision(
                result.HasMatch ? result.Best.Label : null, result.HasMatch ? result.Best.Index : -1, result.HasMatch ? result.Best.Score : 0f, true, top, timestamp, frame, sequence),
            _ => new Decision(
                _labels[CurrentState], CurrentState, ScoreOf(result, CurrentState), false, top, timestamp, frame, sequence),
        };
    }

    private static float ScoreOf(ClassificationResult result, int index)
    {
        foreach (Category category in result.Top)
        {
            if (category.Index == index)
            {
                return category.Score;
            }
        }

        return 0f;
    }
}
