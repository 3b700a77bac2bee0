using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Statistics;

namespace EdgeClassifier.Models.Evaluation;

/// <summary>Runs a classifier over a folder-per-label dataset and measures accuracy, confusions and latency.</summary>
public static class ModelEvaluator
{
    private const int TopK = 5;

    /// <summary>
    /// Classifies every image of <paramref name="dataset"/>; <paramref name="folderLabels"/>[i] is the label index of
    /// folder i. Unreadable images are skipped and listed in the report. <paramref name="progress"/> gets the number
    /// of images done after each one.
    /// </summary>
    public static EvaluationReport Evaluate(
        ImageClassifier classifier, ImageDataset dataset, int[] folderLabels, float ambiguityMargin, Action<int>? progress = null)
    {
        IReadOnlyList<string> labels = classifier.Contract.Labels;
        var ranker = new ResultRanker(labels, new ClassificationOptions { MaxResults = TopK, AmbiguityMargin = ambiguityMargin });
        ClassificationResult result = ranker.CreateResult();
        var folderIndex = dataset.Folders.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

        var counts = new int[dataset.Folders.Count];
        var top1 = new int[dataset.Folders.Count];
        var top5 = new int[dataset.Folders.Count];
        var predictedAs = new Dictionary<int, int>();
        var confusions = new Dictionary<(int Actual, int Predicted), int>();
        var latencies = new List<double>(dataset.Images.Count);
        var unreadable = new List<string>();
        int ambiguous = 0;
        foreach (LabelledImage image in dataset.Images)
        {
            DecodedImage decoded;
            try
            {
                decoded = ImageFileDecoder.Decode(image.Path);
            }
            catch (ImageDecodeException ex)
            {
                unreadable.Add(ex.Message);
                progress?.Invoke(latencies.Count + unreadable.Count);
                continue;
            }

            int folder = folderIndex[image.Folder];
            int actual = folderLabels[folder];
            latencies.Add(classifier.Classify(decoded.View, ranker, result));
            int predicted = result.Best.Index;
            counts[folder]++;
            predictedAs[predicted] = predictedAs.GetValueOrDefault(predicted) + 1;
            if (predicted == actual)
            {
                top1[folder]++;
            }
            else
            {
                confusions[(actual, predicted)] = confusions.GetValueOrDefault((actual, predicted)) + 1;
            }

            foreach (Category category in result.Top)
            {
                if (category.Index == actual)
                {
                    top5[folder]++;
                }
            }

            ambiguous += result.Ambiguous ? 1 : 0;
            progress?.Invoke(latencies.Count + unreadable.Count);
        }

        int total = latencies.Count;
        var perClass = dataset.Folders.Select((_, f) => new ClassMetrics(
            labels[folderLabels[f]],
            counts[f],
            predictedAs.TryGetValue(folderLabels[f], out int predictions) ? Share(top1[f], predictions) : null,
            Share(top1[f], counts[f]),
            Share(top5[f], counts[f]))).ToArray();
        var confusionList = confusions
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key.Actual).ThenBy(c => c.Key.Predicted)
            .Select(c => new Confusion(labels[c.Key.Actual], labels[c.Key.Predicted], c.Value))
            .ToArray();
        return new EvaluationReport(
            classifier.Contract.Name,
            total,
            Share(top1.Sum(), total),
            Share(top5.Sum(), total),
            perClass,
            confusionList,
            Share(ambiguous, total),
            Summarise(latencies),
            unreadable);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static LatencySummary Summarise(List<double> latencies)
    {
        if (latencies.Count == 0)
        {
            return new LatencySummary(0, 0, 0);
        }

        double[] sorted = latencies.Order().ToArray();
        return new LatencySummary(latencies.Average(), Percentile.OfSorted<double>(sorted, 0.50), Percentile.OfSorted<double>(sorted, 0.95));
    }
}
