using System.Diagnostics.Metrics;
using EdgeClassifier.Decisions;

namespace EdgeClassifier.Web.Metrics;

/// <summary>
/// <c>edgeclassifier_decisions_total{label=...}</c>: decisions by label. The label set is bounded: the first
/// <see cref="MaxLabels"/> distinct labels get their own series, later ones count as <c>other</c>, no match as <c>none</c>.
/// Counted off the frame path, by the web's decision feed.
/// </summary>
public sealed class DecisionsByLabel : IDisposable
{
    /// <summary>Most distinct label values exported.</summary>
    public const int MaxLabels = 50;

    private readonly Meter _meter = new(ServiceMeter.Name);
    private readonly Counter<long> _decisions;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates the counter.</summary>
    public DecisionsByLabel()
    {
        _decisions = _meter.CreateCounter<long>("edgeclassifier.decisions", unit: "{decision}", description: "Decisions (changes of the decided label or score band) by label.");
    }

    /// <summary>Counts one decision.</summary>
    public void Count(Decision decision)
    {
        string label = decision.Label ?? "none";
        lock (_seen)
        {
            if (!_seen.Contains(label))
            {
                if (_seen.Count >= MaxLabels)
                {
                    label = "other";
                }
                else
                {
                    _seen.Add(label);
                }
            }
        }

        _decisions.Add(1, new KeyValuePair<string, object?>("label", label));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
