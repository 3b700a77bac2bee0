using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Scores the model a training run replaces on the same held-out images the new head is validated on, so the report
/// can show per-class accuracy before and after. A class the old model has no label for counts as missed.
/// </summary>
public static class BaselineScorer
{
    /// <summary>Per class of <paramref name="classes"/> (in order), how many held-out images the baseline gets right.</summary>
    /// <exception cref="ModelLoadException">The baseline cannot be loaded.</exception>
    /// <exception cref="TrainingException">A held-out image cannot be decoded.</exception>
    public static ClassValidation[] Score(string baselinePath, ModelOptions input, IReadOnlyList<string> classes, IEnumerable<LabelledImage> heldOut)
    {
        using ImageClassifier baseline = ImageClassifier.Load(new ModelOptions { Path = baselinePath, Resize = input.Resize });
        IReadOnlyList<string> labels = baseline.Contract.Labels;
        var ranker = new ResultRanker(labels, new ClassificationOptions { MaxResults = 1 });
        ClassificationResult result = ranker.CreateResult();
        var counts = new int[classes.Count];
        var correct = new int[classes.Count];
        foreach (LabelledImage image in heldOut)
        {
            int c = IndexOf(classes, image.Folder);
            DecodedImage decoded;
            try
            {
                decoded = ImageFileDecoder.Decode(image.Path);
            }
            catch (ImageDecodeException ex)
            {
                throw new TrainingException(ex.Message, ex);
            }

            baseline.Classify(decoded.View, ranker, result);
            counts[c]++;
            correct[c] += FolderLabelMatcher.Find(image.Folder, labels) == result.Best.Index ? 1 : 0;
        }

        return classes.Select((label, c) => new ClassValidation(label, counts[c], correct[c])).ToArray();
    }

    private static int IndexOf(IReadOnlyList<string> classes, string folder)
    {
        for (int i = 0; i < classes.Count; i++)
        {
            if (classes[i] == folder)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{folder}' is not one of the classes", nameof(folder));
    }
}
