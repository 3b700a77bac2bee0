using System.Globalization;

namespace EdgeClassifier.Selection;

/// <summary>A model's place in a comparison and why it was or was not chosen.</summary>
/// <param name="Measurement">Its figures.</param>
/// <param name="Recommended">Whether it is the one to use.</param>
/// <param name="Verdict">One short phrase: why it won or what it lost on.</param>
public sealed record RankedModel(ModelMeasurement Measurement, bool Recommended, string Verdict);

/// <summary>The outcome of a comparison: every model in rank order and the chosen one.</summary>
/// <param name="BudgetMs">The per-frame budget p99 was checked against.</param>
/// <param name="Models">Best first: measured models by accuracy (unknown last), then speed; failed ones at the end.</param>
public sealed record ModelRanking(double BudgetMs, IReadOnlyList<RankedModel> Models)
{
    /// <summary>The chosen model, or null when no model keeps the budget.</summary>
    public ModelMeasurement? Recommended => Models.FirstOrDefault(m => m.Recommended)?.Measurement;

    /// <summary>
    /// Picks the most accurate model whose p99 frame time keeps <paramref name="budgetMs"/>. Accuracy is top-1, then
    /// top-5; a model with no known accuracy ranks after every model with one; ties go to the lower p99.
    /// </summary>
    public static ModelRanking Rank(IEnumerable<ModelMeasurement> measurements, double budgetMs)
    {
        var ordered = measurements
            .OrderBy(m => m.Error is null ? 0 : 1)
            .ThenByDescending(m => m.Top1.HasValue)
            .ThenByDescending(m => m.Top1 ?? 0)
            .ThenByDescending(m => m.Top5 ?? 0)
            .ThenBy(m => m.P99Ms ?? double.MaxValue)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .ToArray();
        ModelMeasurement? chosen = ordered.FirstOrDefault(m => m.Error is null && m.P99Ms <= budgetMs);
        var ranked = ordered.Select(m => new RankedModel(m, ReferenceEquals(m, chosen), Verdict(m, chosen, budgetMs))).ToArray();
        return new ModelRanking(budgetMs, ranked);
    }

    private static string Verdict(ModelMeasurement model, ModelMeasurement? chosen, double budgetMs)
    {
        if (model.Error is not null)
        {
            return $"failed: {model.Error}";
        }

        if (model.P99Ms > budgetMs)
        {
            return Invariant($"p99 {model.P99Ms:F1} ms is over the {budgetMs:0.##} ms budget");
        }

        if (ReferenceEquals(model, chosen))
        {
            return model.Top1 is null
                ? "keeps the budget; no model has a known accuracy, so the fastest wins"
                : Invariant($"most accurate within the budget ({Accuracy(model)})");
        }

        if (model.Top1 is null)
        {
            return "no accuracy known (no dataset, no accuracy metadata): ranked last";
        }

        return model.Top1 < chosen!.Top1 || model.Top5 < chosen.Top5
            ? Invariant($"less accurate ({Accuracy(model)} against {Accuracy(chosen)})")
            : Invariant($"as accurate, slower (p99 {model.P99Ms:F1} against {chosen.P99Ms:F1} ms)");
    }

    private static string Accuracy(ModelMeasurement model) => model.Top5 is { } top5
        ? $"top-1 {Percent(model.Top1)}, top-5 {Percent(top5)}"
        : $"top-1 {Percent(model.Top1)} from {model.AccuracySource.ToString().ToLowerInvariant()}";

    /// <summary>A fraction as a percentage with one decimal, e.g. <c>71.4%</c>; <c>-</c> for none.</summary>
    internal static string Percent(double? share) => share is { } value ? Invariant($"{value * 100:F1}%") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
