using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Cli;

/// <summary><c>edgeclassifier classify</c>: classify image files and print the ranked labels.</summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "ONNX image classifier", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Labels file (default: from the model's metadata or a sidecar file)" };
        var topK = new Option<int>("--top-k") { Description = "Number of labels to show", DefaultValueFactory = _ => 5 };
        var threshold = new Option<float>("--threshold") { Description = "Minimum score to show a label (0..1)" };
        var resize = new Option<ResizeMode>("--resize") { Description = "stretch (reference), crop or letterbox", DefaultValueFactory = _ => ResizeMode.Stretch };
        var json = new Option<bool>("--json") { Description = "One JSON object per image per line" };
        var images = new Argument<string[]>("IMAGE") { Description = "JPEG, PNG, BMP or WebP files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("classify", "Classify image files with an ONNX model") { model, labels, topK, threshold, resize, json, images };
        command.SetAction(parse =>
        {
            var modelOptions = new ModelOptions { Path = parse.GetValue(model), Labels = parse.GetValue(labels), Resize = parse.GetValue(resize) };
            var classification = new ClassificationOptions { MaxResults = parse.GetValue(topK), ScoreThreshold = parse.GetValue(threshold) };
            return Run(modelOptions, classification, parse.GetValue(images)!, parse.GetValue(json));
        });
        return command;
    }

    private static int Run(ModelOptions modelOptions, ClassificationOptions classification, string[] images, bool json)
    {
        string? problem = classification.Validate().FirstOrDefault();
        if (problem is not null)
        {
            throw new CliException(problem.Replace("Classification:MaxResults", "--top-k").Replace("Classification:ScoreThreshold", "--threshold"));
        }

        using ImageClassifier classifier = ImageClassifier.Load(modelOptions);
        var ranker = new ResultRanker(classifier.Contract.Labels, classification);
        ClassificationResult result = ranker.CreateResult();
        return ImageFileLoop.ForEach(images, path => ImageFileDecoder.Decode(path), (image, decoded) =>
        {
            double inferenceMs = classifier.Classify(decoded.View, ranker, result);
            Console.WriteLine(json ? ToJson(image, result, inferenceMs) : ToTable(image, classifier.Contract, result, inferenceMs));
        });
    }

    private static string ToJson(string image, ClassificationResult result, double inferenceMs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("image", image);
            writer.WriteStartArray("results");
            foreach (Category category in result.Top)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", category.Index);
                writer.WriteString("label", category.Label);
                writer.WriteNumber("score", Math.Round(category.Score, 6));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("ambiguous", result.Ambiguous);
            writer.WriteNumber("inferenceMs", Math.Round(inferenceMs, 3));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToTable(string image, ModelContract contract, ClassificationResult result, double inferenceMs)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{image}  ({contract.Name}, inference {inferenceMs:F1} ms{(result.Ambiguous ? ", AMBIGUOUS: no label clearly ahead" : string.Empty)})");
        text.AppendLine("  rank  index  score   label");
        int rank = 1;
        foreach (Category category in result.Top)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {rank++,4}  {category.Index,5}  {category.Score,6:F4}  {category.Label}");
        }

        if (!result.HasMatch)
        {
            text.AppendLine("  (no label above the threshold)");
        }

        return text.ToString().TrimEnd();
    }
}
