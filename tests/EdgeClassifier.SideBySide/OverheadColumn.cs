using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EdgeClassifier.SideBySide;

/// <summary>
/// The targets are stated against the limit measured in the same run: a contender's median minus the limit's median
/// (its overhead, in ms) and median over the limit's median (its ratio).
/// </summary>
internal sealed class OverheadColumn(bool ratio) : IColumn
{
    public string Id => ratio ? "MedianRatio" : "Overhead";

    public string ColumnName => ratio ? "Median ratio" : "Overhead (ms)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => ratio ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => ratio
        ? "Median time over the limit's median (1 = as fast as a bare ONNX Runtime Run)"
        : "Median time minus the limit's median, in milliseconds: what the frame path adds to the model";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? limit = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (median is null || limit is null or 0)
        {
            return "?";
        }

        return ratio
            ? (median.Value / limit.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)
            : ((median.Value - limit.Value) / 1e6).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
    }
}
