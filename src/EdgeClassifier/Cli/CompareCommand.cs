using System.CommandLine;
using System.Globalization;
using EdgeClassifier.Hosting;
using EdgeClassifier.Inference.Providers;
using EdgeClassifier.Selection;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier compare MODEL|DIR...</c>: the guide's model table for this board — size, load, frame-path
/// p50/p99, peak memory and (with a dataset) accuracy per model — and the most accurate model that keeps the budget.
/// Each model is measured by <c>bench</c> and <c>eval</c> in child processes of its own, one at a time.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var models = new Argument<string[]>("MODEL") { Description = "ONNX classifiers, or folders of them", Arity = ArgumentArity.OneOrMore };
        var dataset = new Option<string?>("--dataset") { Description = "Folder-per-label dataset for top-1/top-5 and the ambiguous share (as eval)" };
        var mapping = new Option<string?>("--mapping") { Description = "File of 'folder=label' lines for dataset folders not named after a label" };
        var budget = new Option<double>("--budget") { Description = "Frame budget in ms: a model whose p99 is over it is not recommended", DefaultValueFactory = _ => 33 };
        var source = new Option<string>("--source")
        {
            Description = "Frames for the latency run, as bench: synthetic, synthetic:WxH:FOURCC, files:PATH or v4l2:/dev/videoN",
            DefaultValueFactory = _ => "synthetic",
        };
        var runs = new Option<int>("--runs") { Description = "Frames measured per model", DefaultValueFactory = _ => 500 };
        var warmup = new Option<int>("--warmup") { Description = "Frames before measuring, per model", DefaultValueFactory = _ => 50 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads (0 = one per core)" };
        var providers = new Option<string>("--providers")
        {
            Description = $"Execution providers to try in order, comma-separated ({string.Join(", ", ExecutionProviderCatalog.Names)})",
            DefaultValueFactory = _ => "cpu",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (no progress bar)" };
        var markdown = new Option<bool>("--markdown") { Description = "Print the table as Markdown" };
        var command = new Command("compare", "Compare models on this board: size, load time, frame-path latency, memory, accuracy; recommend one for the budget")
        {
            models, dataset, mapping, budget, source, runs, warmup, threads, providers, json, markdown,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json) && parse.GetValue(markdown))
            {
                throw new CliException("give --json or --markdown, not both.");
            }

            if (parse.GetValue(dataset) is { } folder && !Directory.Exists(folder))
            {
                throw new CliException($"{folder}: dataset folder not found");
            }

            IReadOnlyList<string> files;
            try
            {
                files = ModelCandidates.Expand(parse.GetValue(models)!);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            var measurer = new IsolatedMeasurer(
                [
                    "--source", parse.GetValue(source)!,
                    "--runs", Text(parse.GetValue(runs)),
                    "--warmup", Text(parse.GetValue(warmup)),
                    "--threads", Text(parse.GetValue(threads)),
                    "--providers", parse.GetValue(providers)!,
                    "--budget", Text(parse.GetValue(budget)),
                ],
                parse.GetValue(dataset),
                parse.GetValue(mapping));
            return Run(files, measurer, parse.GetValue(budget), parse.GetValue(json), parse.GetValue(markdown));
        });
        return command;
    }

    private static int Run(IReadOnlyList<string> files, IsolatedMeasurer measurer, double budgetMs, bool json, bool markdown)
    {
        var measurements = new List<ModelMeasurement>();
        using (var progress = new ProgressBar("comparing", files.Count * measurer.StepsPerModel, enabled: !json))
        {
            int steps = 0;
            foreach (string file in files)
            {
                measurements.Add(measurer.Measure(file, () => progress.Report(++steps)));
            }
        }

        // A bad setting (a source, a thread count) fails every child the same way: that is bad input, not a table.
        if (measurements.All(m => m.Error is not null))
        {
            throw new CliException($"no model could be measured: {measurements[0].Error}");
        }

        foreach (ModelMeasurement failed in measurements.Where(m => m.Error is not null))
        {
            Console.Error.WriteLine($"edgeclassifier: {failed.Model}: {failed.Error}");
        }

        ModelRanking ranking = ModelRanking.Rank(measurements, budgetMs);
        Console.WriteLine(json ? ModelRankingWriter.Json(ranking) : markdown ? ModelRankingWriter.Markdown(ranking) : ModelRankingWriter.Text(ranking));
        return ExitCodes.Success;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
