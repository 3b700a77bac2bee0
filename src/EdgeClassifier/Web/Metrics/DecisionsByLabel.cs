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

    private readonly Meter meter = new(ServiceMeter.Name);
    private readonly Counter<long> decisions;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <summary>Creates the counter.</summary>
    public DecisionsByLabel()
    {
        decisions = meter.CreateCounter<long>("edgeclassifier.decisions", unit: "{decision}", description: "Decisions (changes of the decided label or score band) by label.");
    }

    /// <summary>Counts one decision.</summary>
    public void Count(Decision decision)
    {
        string label = decision.Label ?? "none";
        lock (seen)
        {
            if (!seen.Contains(label))
            {
                if (seen.Count >= MaxLabels)
                {
                    label = "other";
                }
                else
                {
                    seen.Add(label);
                }
            }
        }

        decisions.Add(1, new KeyValuePair<string, object?>("label", label));
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
