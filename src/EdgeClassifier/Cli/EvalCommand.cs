using System.CommandLine;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Models.Evaluation;
using EdgeClassifier.Models.Metadata;
using EdgeClassifier.Preprocessing;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary><c>edgeclassifier eval --model M DATASET</c>: accuracy, confusions and latency on a folder-per-label dataset.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "ONNX image classifier", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Labels file (default: from the model's metadata or a sidecar file)" };
        var mapping = new Option<string?>("--mapping") { Description = "File of 'folder=label' lines for folders not named after a label" };
        var resize = new Option<ResizeMode>("--resize") { Description = "stretch (reference), crop or letterbox", DefaultValueFactory = _ => ResizeMode.Stretch };
        var margin = new Option<float>("--ambiguity-margin")
        {
            Description = "A result is ambiguous when top-1 minus top-2 is below this (0..1)",
            DefaultValueFactory = _ => new Decisions.ClassificationOptions().AmbiguityMargin,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var writeMetadata = new Option<bool>("--write-metadata") { Description = "Record the top-1 accuracy in the model's 'accuracy' metadata (ranks it in compare and Model:Select=auto)" };
        var dataset = new Argument<string>("DATASET") { Description = "A folder with one subfolder of images per label" };
        var command = new Command("eval", "Measure a model's top-1/top-5 accuracy, per-class precision/recall and latency on a labelled dataset")
        {
            model, labels, mapping, resize, margin, json, writeMetadata, dataset,
        };
        command.SetAction(parse => Run(
            new ModelOptions { Path = parse.GetValue(model), Labels = parse.GetValue(labels), Resize = parse.GetValue(resize) },
            parse.GetValue(mapping),
            parse.GetValue(margin),
            parse.GetValue(dataset)!,
            parse.GetValue(json),
            parse.GetValue(writeMetadata)));
        return command;
    }

    private static int Run(ModelOptions modelOptions, string? mappingFile, float margin, string datasetPath, bool json, bool writeMetadata)
    {
        if (!(margin is >= 0f and <= 1f))
        {
            throw new CliException($"--ambiguity-margin must be between 0 and 1, got {margin}.");
        }

        ImageDataset dataset;
        int[] folderLabels;
        ImageClassifier classifier = ImageClassifier.Load(modelOptions);
        try
        {
            dataset = ImageDataset.Scan(datasetPath);
            var mapping = mappingFile is null ? [] : FolderLabelMatcher.ReadMapping(mappingFile);
            folderLabels = FolderLabelMatcher.Match(dataset.Folders, classifier.Contract.Labels, mapping);
        }
        catch (DatasetException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        EvaluationReport report;
        using (classifier)
        using (var progress = new ProgressBar("evaluating", dataset.Images.Count, enabled: !json))
        {
            report = ModelEvaluator.Evaluate(classifier, dataset, folderLabels, margin, progress.Report);
        }

        foreach (string problem in report.Unreadable)
        {
            Console.Error.WriteLine($"edgeclassifier: skipped {problem}");
        }

        if (report.Count == 0)
        {
            throw new CliException($"{datasetPath}: none of the {dataset.Images.Count} images could be read");
        }

        if (writeMetadata)
        {
            // Only a complete evaluation is recorded: an accuracy over part of the dataset would mislead the ranking.
            if (report.Unreadable.Count > 0)
            {
                throw new CliException($"{datasetPath}: {report.Unreadable.Count} unreadable images; the accuracy was not written to the model");
            }

            ModelMetadataFile.Update(modelOptions.Path!, new Dictionary<string, string>
            {
                [ModelMetadataFile.AccuracyKey] = ModelMetadataFile.Format(report.Top1),
                [ModelMetadataFile.AccuracyDatasetKey] = $"{report.Count} images of {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetPath)))}",
            });
        }

        Console.WriteLine(json ? EvaluationReportWriter.ToJson(report) : EvaluationReportWriter.ToText(report));
        return report.Unreadable.Count > 0 ? ExitCodes.BadInput : ExitCodes.Success;
    }
}
