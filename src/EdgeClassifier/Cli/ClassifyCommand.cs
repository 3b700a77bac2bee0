using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeClassifier.Barcodes;
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
        var barcodes = new Option<bool>("--barcodes") { Description = "Also read barcodes and QR codes in each image (adds \"codes\")" };
        Option<string> barcodeFormats = ScanCommand.FormatsOption("--barcode-formats");
        var images = new Argument<string[]>("IMAGE") { Description = "JPEG, PNG, BMP or WebP files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("classify", "Classify image files with an ONNX model") { model, labels, topK, threshold, resize, json, barcodes, barcodeFormats, images };
        command.SetAction(parse =>
        {
            var modelOptions = new ModelOptions { Path = parse.GetValue(model), Labels = parse.GetValue(labels), Resize = parse.GetValue(resize) };
            var classification = new ClassificationOptions { MaxResults = parse.GetValue(topK), ScoreThreshold = parse.GetValue(threshold) };
            BarcodeDecoder? decoder = parse.GetValue(barcodes)
                ? new BarcodeDecoder(new BarcodeDecoderSettings(ScanCommand.ParseFormats(parse, barcodeFormats), TryHarder: false, TryInverted: false))
                : null;
            return Run(modelOptions, classification, decoder, parse.GetValue(images)!, parse.GetValue(json));
        });
        return command;
    }

    private static int Run(ModelOptions modelOptions, ClassificationOptions classification, BarcodeDecoder? decoder, string[] images, bool json)
    {
        string? problem = classification.Validate().FirstOrDefault();
        if (problem is not null)
        {
            throw new CliException(problem.Replace("Classification:MaxResults", "--top-k").Replace("Classification:ScoreThreshold", "--threshold"));
        }

        using ImageClassifier classifier = ImageClassifier.Load(modelOptions);
        var ranker = new ResultRanker(classifier.Contract.Labels, classification);
        ClassificationResult result = ranker.CreateResult();
        var luma = new LumaImage();
        return ImageFileLoop.ForEach(images, path => ImageFileDecoder.Decode(path), (image, decoded) =>
        {
            double inferenceMs = classifier.Classify(decoded.View, ranker, result);
            IReadOnlyList<BarcodeCode>? codes = null;
            if (decoder is not null)
            {
                luma.CopyFrom(decoded.View, regionOfInterest: null, sequence: 0, DateTimeOffset.UtcNow);
                codes = decoder.Decode(luma);
            }

            Console.WriteLine(json ? ToJson(image, result, inferenceMs, codes) : ToTable(image, classifier.Contract, result, inferenceMs, codes));
        });
    }

    private static string ToJson(string image, ClassificationResult result, double inferenceMs, IReadOnlyList<BarcodeCode>? codes)
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
            if (codes is not null)
            {
                BarcodeJson.WriteCodes(writer, "codes", codes);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToTable(string image, ModelContract contract, ClassificationResult result, double inferenceMs, IReadOnlyList<BarcodeCode>? codes)
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

        if (codes is not null)
        {
            text.AppendLine(codes.Count == 0 ? "  no code found" : string.Join(Environment.NewLine, codes.Select(code => $"  code: {code.Format} {code.Text}")));
        }

        return text.ToString().TrimEnd();
    }
}
