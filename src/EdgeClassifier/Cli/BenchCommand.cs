using System.CommandLine;
using EdgeClassifier.Benchmarking;
using EdgeClassifier.Hosting;
using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier bench</c>: times the whole frame path (capture, preprocess, inference, decision) on this board,
/// like TFLite's benchmark_model or onnxruntime_perf_test but from a camera buffer to a decision.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "ONNX image classifier (default: models/ as for run)" };
        var source = new Option<string>("--source")
        {
            Description = "synthetic (640x480 YUYV), synthetic:WxH:FOURCC, files:PATH or v4l2:/dev/videoN",
            DefaultValueFactory = _ => "synthetic",
        };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads (0 = one per core)" };
        var providers = new Option<string>("--providers")
        {
            Description = $"Execution providers to try in order, comma-separated ({string.Join(", ", ExecutionProviderCatalog.Names)})",
            DefaultValueFactory = _ => "cpu",
        };
        var spinning = new Option<bool>("--spinning") { Description = "Let idle ONNX Runtime threads spin between ops (Runtime:Spinning; faster, busier)" };
        var warmup = new Option<int>("--warmup") { Description = "Frames before measuring", DefaultValueFactory = _ => 50 };
        var runs = new Option<int?>("--runs") { Description = "Frames to measure (default 500)" };
        var duration = new Option<string?>("--duration") { Description = "Measure for this long instead (e.g. 30s)" };
        var budget = new Option<double>("--budget") { Description = "Frame budget in ms, capture to decision", DefaultValueFactory = _ => 33 };
        var barcodes = new Option<bool>("--barcodes")
        {
            Description = "Measure again with the barcode reader (default formats) decoding beside the frame path",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (no progress)" };
        var command = new Command("bench", "Measure the frame path: per-stage times, fps, budget misses, allocations, memory")
        {
            model, source, threads, providers, spinning, warmup, runs, duration, budget, barcodes, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(runs) is not null && parse.GetValue(duration) is not null)
            {
                throw new CliException("give --runs or --duration, not both.");
            }

            var settings = new BenchSettings
            {
                ModelPath = parse.GetValue(model) ?? DefaultModelLocator.Find()
                    ?? throw new CliException("no model given: pass --model (see scripts/fetch-models.sh)."),
                Source = parse.GetValue(source)!,
                Runtime = new RuntimeOptions
                {
                    Threads = parse.GetValue(threads),
                    Spinning = parse.GetValue(spinning),
                    Providers = parse.GetValue(providers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                },
                Warmup = parse.GetValue(warmup),
                Runs = parse.GetValue(runs) ?? 500,
                Duration = DurationParser.ParseOption(parse.GetValue(duration), "--duration"),
                BudgetMs = parse.GetValue(budget),
                Barcodes = parse.GetValue(barcodes),
            };
            return Run(settings, parse.GetValue(json));
        });
        return command;
    }

    private static int Run(BenchSettings settings, bool json)
    {
        string? problem = settings.Validate().FirstOrDefault();
        if (problem is not null)
        {
            throw new CliException(problem);
        }

        Action<string>? progress = json ? null : message => Console.Error.Write($"\rbench: {message}    ");
        BenchReport report;
        try
        {
            report = new BenchRunner(settings, SessionFactory.Shared, message => Console.Error.WriteLine($"{Environment.NewLine}edgeclassifier: {message}"), progress).Run();
        }
        catch (Exception ex) when (ex is ArgumentException or ModelLoadException or InvalidOperationException)
        {
            throw new CliException(ex.Message, ex);
        }

        if (!json)
        {
            Console.Error.WriteLine();
        }

        Console.WriteLine(json ? BenchReportWriter.Json(report) : BenchReportWriter.Text(report));
        return ExitCodes.Success;
    }
}
