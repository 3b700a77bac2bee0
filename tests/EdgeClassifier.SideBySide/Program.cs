using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EdgeClassifier.SideBySide;

// dotnet run -c Release --project tests/EdgeClassifier.SideBySide -- --filter '*'
// dotnet run -c Release --project tests/EdgeClassifier.SideBySide -- --check   (do the four agree?)
// Per contender and model: 3 warm-up iterations, then 25 measured iterations of 200 frames each (v2 ≈ 1 s, v1 0.25
// ≈ 0.1 s per iteration: long enough for the timer and for BenchmarkDotNet's minimum, and 25 medians-worth of
// samples). In process: one build, and the product's native libraries are the ones the benchmark project ships.
// Other work on the machine changes every figure: run it at high priority (as root: nice -n -10 dotnet ...); the load
// average is printed before and after.
if (args is ["--check"])
{
    return AgreementCheck.Run();
}

var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(25)
    .WithInvocationCount(200)
    .WithUnrollFactor(1);
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P90, new OverheadColumn(ratio: false), new OverheadColumn(ratio: true))
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
    .WithOptions(ConfigOptions.JoinSummary);
Console.WriteLine($"load average at start: {LoadAverage.Read()}");
BenchmarkSwitcher.FromAssembly(typeof(SideBySideBenchmarks).Assembly).Run(args, config);
Console.WriteLine($"load average at end: {LoadAverage.Read()}");
return 0;
