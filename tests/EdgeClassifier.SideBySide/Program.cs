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
// 50 warm-up frames, then 500 measured frames (10 iterations of 50) per contender and model. In process: one build,
// and the product's native libraries are the ones the benchmark project ships.
if (args is ["--check"])
{
    return AgreementCheck.Run();
}

var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(1)
    .WithIterationCount(10)
    .WithInvocationCount(50)
    .WithUnrollFactor(1);
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P90, new OverheadColumn(ratio: false), new OverheadColumn(ratio: true))
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(SideBySideBenchmarks).Assembly).Run(args, config);
return 0;
