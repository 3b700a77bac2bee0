using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Models.Training;
using EdgeClassifier.Preprocessing;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier train --backbone M DATASET -o OUT.onnx</c>: transfer learning on the device — a new head on a
/// backbone's embeddings, exported with the backbone as one ONNX classifier.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var backbone = new Option<string>("--backbone") { Description = "ONNX backbone: an embedding extractor, or any model with --embedding-output", Required = true };
        var embeddingOutput = new Option<string?>("--embedding-output") { Description = "Name of the backbone tensor to use as the embedding (default: its output)" };
        var output = new Option<string>("--output", "-o") { Description = "The ONNX classifier to write (labels go to OUT.labels.txt)", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training passes over the embeddings", DefaultValueFactory = _ => defaults.Epochs };
        var validation = new Option<double>("--validation") { Description = "Share of each class's images (by source group) held out to validate", DefaultValueFactory = _ => defaults.ValidationFraction };
        var imprint = new Option<bool>("--imprint") { Description = "Use nearest-class-mean imprinting instead of training (automatic for classes under 3 images)" };
        var augment = new Option<int?>("--augment") { Description = "Augmented copies (crop, flip, brightness) per training image (default: 4 for small sets, else 0)" };
        var seed = new Option<int>("--seed") { Description = "Seed for the validation split and augmentation" };
        var learningRate = new Option<float>("--learning-rate") { Description = "Adam step size", DefaultValueFactory = _ => defaults.LearningRate };
        var l2 = new Option<float>("--l2") { Description = "L2 penalty on the head's weights", DefaultValueFactory = _ => defaults.L2 };
        var cache = new Option<string?>("--cache") { Description = $"Embedding cache folder (default: {EmbeddingCache.DefaultRoot})" };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write cached embeddings" };
        var resize = new Option<ResizeMode>("--resize") { Description = "stretch (reference), crop or letterbox: as the model will be run", DefaultValueFactory = _ => ResizeMode.Stretch };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var baseline = new Option<string?>("--baseline") { Description = "The model this one replaces: scored on the same held-out images (before/after per class)" };
        var baselineMapping = new Option<string?>("--baseline-mapping")
        {
            Description = "File of 'folder=label' lines (several labels separated by |) naming what each class is called in the --baseline model",
        };
        var dataset = new Argument<string[]>("DATASET")
        {
            Description = "Folders with one subfolder of images per class (e.g. the original photos and collected frames), joined by label",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("train", "Teach a backbone new classes from a folder-per-label dataset and export one ONNX classifier")
        {
            backbone, embeddingOutput, output, epochs, validation, imprint, augment, seed, learningRate, l2, cache, noCache, resize, baseline, baselineMapping, json,
            dataset,
        };
        command.SetAction(parse =>
        {
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                ValidationFraction = parse.GetValue(validation),
                Imprint = parse.GetValue(imprint) ? true : null,
                Augment = parse.GetValue(augment),
                Seed = parse.GetValue(seed),
                LearningRate = parse.GetValue(learningRate),
                L2 = parse.GetValue(l2),
                CacheDirectory = parse.GetValue(noCache) ? null : parse.GetValue(cache) ?? EmbeddingCache.DefaultRoot,
            };
            return Run(
                parse.GetValue(backbone)!,
                parse.GetValue(embeddingOutput),
                parse.GetValue(dataset)!,
                parse.GetValue(output)!,
                options,
                new ModelOptions { Path = parse.GetValue(backbone), Resize = parse.GetValue(resize) },
                parse.GetValue(baseline),
                parse.GetValue(baselineMapping),
                parse.GetValue(json));
        });
        return command;
    }

    private static int Run(
        string backbone, string? embeddingOutput, string[] datasets, string output, TrainingOptions options, ModelOptions input, string? baseline,
        string? baselineMappingFile, bool json)
    {
        if (baseline is not null && !File.Exists(baseline))
        {
            throw new CliException($"{baseline}: --baseline model not found");
        }

        if (baselineMappingFile is not null && baseline is null)
        {
            throw new CliException("--baseline-mapping needs --baseline (the model whose labels it names)");
        }

        TrainingReport report;
        ProgressBar? bar = null;
        TrainingPhase? phase = null;
        try
        {
            var baselineMapping = baselineMappingFile is null ? null : FolderLabelMatcher.ReadMapping(baselineMappingFile);
            report = TransferLearner.Train(backbone, embeddingOutput, datasets, output, options, input, baseline, baselineMapping, (current, done, total) =>
            {
                if (current != phase)
                {
                    bar?.Dispose();
                    bar = new ProgressBar(current == TrainingPhase.Embedding ? "embedding" : "training ", total, enabled: !json);
                    phase = current;
                }

                bar!.Report(done);
            });
        }
        catch (Exception ex) when (ex is TrainingException or DatasetException or ModelLoadException)
        {
            throw new CliException(ex.Message, ex);
        }
        finally
        {
            bar?.Dispose();
        }

        Console.WriteLine(json ? ToJson(report) : ToText(report));
        return ExitCodes.Success;
    }

    private static string ToText(TrainingReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"wrote {report.OutputPath} (version {report.Version}, {report.Labels.Count} classes: {string.Join(", ", report.Labels)}) and {report.LabelsPath}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Images} images, {report.TrainingSamples} training embeddings ({report.Embedded} computed, {report.Cached} cached) in {report.EmbeddingSeconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"head: {report.Method}, {report.TrainingSeconds:F2} s, training accuracy {report.TrainAccuracy:P1}");
        if (report.ValidationAccuracy is { } accuracy)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"validation accuracy {accuracy:P1} on held-out {string.Join(", ", report.ValidationGroups)}");
            if (report.BaselineAccuracy is { } before)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{report.BaselineModel} on the same images: {before:P1}");
                text.AppendLine("   before    after  label");
            }

            for (int c = 0; c < report.Validation.Count; c++)
            {
                ClassValidation item = report.Validation[c];
                string after = Share(item);
                text.AppendLine(report.Baseline.Count > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"  {Share(report.Baseline[c]),7}  {after,7}  {item.Label}  ({item.Count} images)")
                    : string.Create(CultureInfo.InvariantCulture, $"  {after,7}  {item.Correct,3}/{item.Count,-3}  {item.Label}"));
            }
        }
        else
        {
            text.AppendLine("no validation: no class has two or more image groups to hold one out");
        }

        return text.ToString().TrimEnd();
    }

    private static string Share(ClassValidation item) => item.Count == 0 ? "-" : item.Accuracy.ToString("P1", CultureInfo.InvariantCulture);

    private static string ToJson(TrainingReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("output", report.OutputPath);
            writer.WriteString("labelsFile", report.LabelsPath);
            writer.WriteNumber("version", report.Version);
            writer.WriteStartArray("labels");
            foreach (string label in report.Labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteString("method", report.Method);
            writer.WriteNumber("images", report.Images);
            writer.WriteNumber("trainingSamples", report.TrainingSamples);
            writer.WriteNumber("embedded", report.Embedded);
            writer.WriteNumber("cached", report.Cached);
            writer.WriteNumber("trainAccuracy", Math.Round(report.TrainAccuracy, 6));
            if (report.ValidationAccuracy is { } accuracy)
            {
                writer.WriteNumber("validationAccuracy", Math.Round(accuracy, 6));
            }
            else
            {
                writer.WriteNull("validationAccuracy");
            }

            if (report.BaselineModel is { } baselineModel)
            {
                writer.WriteString("baselineModel", baselineModel);
                if (report.BaselineAccuracy is { } before)
                {
                    writer.WriteNumber("baselineAccuracy", Math.Round(before, 6));
                }
                else
                {
                    writer.WriteNull("baselineAccuracy");
                }
            }

            writer.WriteStartObject("perClass");
            for (int c = 0; c < report.Validation.Count; c++)
            {
                ClassValidation item = report.Validation[c];
                writer.WriteStartObject(item.Label);
                writer.WriteNumber("count", item.Count);
                writer.WriteNumber("correct", item.Correct);
                writer.WriteNumber("accuracy", Math.Round(item.Accuracy, 6));
                if (report.Baseline.Count > 0)
                {
                    writer.WriteNumber("baselineAccuracy", Math.Round(report.Baseline[c].Accuracy, 6));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartArray("validationGroups");
            foreach (string group in report.ValidationGroups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteNumber("embeddingSeconds", Math.Round(report.EmbeddingSeconds, 3));
            writer.WriteNumber("trainingSeconds", Math.Round(report.TrainingSeconds, 3));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
