using EdgeClassifier.Inference;

namespace EdgeClassifier.Benchmarking;

/// <summary>What one <c>bench</c> run measures and how long.</summary>
public sealed record BenchSettings
{
    public required string ModelPath { get; init; }

    /// <summary>The <c>--source</c> text, see <see cref="BenchSource"/>.</summary>
    public string Source { get; init; } = "synthetic";

    public RuntimeOptions Runtime { get; init; } = new();

    /// <summary>Frames classified (after the first) before measuring.</summary>
    public int Warmup { get; init; } = 50;

    /// <summary>Frames measured, unless <see cref="Duration"/> is set.</summary>
    public int Runs { get; init; } = 500;

    /// <summary>Measure for this long instead of a frame count.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Also measure with the barcode reader decoding beside the frame path (<c>--barcodes</c>): a second measured phase
    /// of the same length, with the default formats and every frame offered.
    /// </summary>
    public bool Barcodes { get; init; }

    /// <summary>Frame budget (capture to decision) that a frame misses when slower.</summary>
    public double BudgetMs { get; init; } = 33;

    /// <summary>Every problem with the settings, each naming its option.</summary>
    public IEnumerable<string> Validate()
    {
        if (Warmup < 0)
        {
            yield return $"--warmup must be 0 or more, got {Warmup}.";
        }

        if (Runs < 1)
        {
            yield return $"--runs must be 1 or more, got {Runs}.";
        }

        if (!(BudgetMs is > 0 and <= 60_000))
        {
            yield return $"--budget must be between 0 and 60000 milliseconds, got {BudgetMs}.";
        }

        foreach (string problem in Runtime.Validate())
        {
            yield return problem.Replace("Runtime:Threads", "--threads").Replace("Runtime:Providers", "--providers");
        }
    }
}
