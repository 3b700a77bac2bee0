namespace EdgeClassifier.Models.Evaluation;

/// <summary>The accuracy of a model on a labelled dataset.</summary>
/// <param name="Model">The model file name.</param>
/// <param name="Count">Images evaluated (unreadable ones are not counted).</param>
/// <param name="Top1">Share whose best label was right.</param>
/// <param name="Top5">Share with the right label among the best five.</param>
/// <param name="PerClass">One entry per dataset class, in folder order.</param>
/// <param name="Confusions">Wrong top-1 answers grouped by (actual, predicted), most frequent first.</param>
/// <param name="AmbiguousShare">Share of results flagged ambiguous (top-1 minus top-2 below the margin).</param>
/// <param name="LatencyMs">Inference time.</param>
/// <param name="Unreadable">Image files that could not be decoded, each with the reason.</param>
public sealed record EvaluationReport(
    string Model,
    int Count,
    double Top1,
    double Top5,
    IReadOnlyList<ClassMetrics> PerClass,
    IReadOnlyList<Confusion> Confusions,
    double AmbiguousShare,
    LatencySummary LatencyMs,
    IReadOnlyList<string> Unreadable);
