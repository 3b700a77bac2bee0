using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Scores the model a training run replaces on the same held-out images the new head is validated on, so the report
/// can show per-class accuracy before and after. A held-out image counts as right when the old model's top-1 is one
/// of the labels that mean its class: those a mapping names (<c>cat=tabby|tiger cat|Egyptian cat</c>, for classes the
/// old model knows by other names), else the label the class folder names; a class with neither counts as missed.
/// Opened before training, so a bad mapping is reported before any time is spent.
/// </summary>
public sealed class BaselineScorer : IDisposable
{
    /// <summary>Separates the labels one class stands for in a mapping line.</summary>
    public const char LabelSeparator = '|';

    private readonly ImageClassifier _baseline;
    private readonly IReadOnlyList<string> _classes;
    private readonly int[][] _meanings;

    private BaselineScorer(ImageClassifier baseline, IReadOnlyList<string> classes, int[][] meanings)
    {
        _baseline = baseline;
        _classes = classes;
        _meanings = meanings;
    }

    /// <summary>Loads the baseline and resolves what each of <paramref name="classes"/> means in its labels.</summary>
    /// <param name="baselinePath">The model being replaced.</param>
    /// <param name="input">Preprocessing settings (the resize mode) the new model is trained with.</param>
    /// <param name="classes">The new model's classes (dataset folders), in order.</param>
    /// <param name="mapping">Class folder → the baseline's labels for it, separated by <see cref="LabelSeparator"/>.</param>
    /// <exception cref="ModelLoadException">The baseline cannot be loaded.</exception>
    /// <exception cref="TrainingException">The mapping names a folder that is no class, or a label the baseline lacks.</exception>
    public static BaselineScorer Open(string baselinePath, ModelOptions input, IReadOnlyList<string> classes, IReadOnlyDictionary<string, string> mapping)
    {
        if (mapping.Keys.FirstOrDefault(folder => !classes.Contains(folder)) is { } stray)
        {
            throw new TrainingException($"--baseline-mapping: '{stray}' is not a label folder of the dataset ({string.Join(", ", classes)})");
        }

        var baseline = ImageClassifier.Load(new ModelOptions { Path = baselinePath, Resize = input.Resize });
        try
        {
            IReadOnlyList<string> labels = baseline.Contract.Labels;
            int[][] meanings = classes.Select(folder => mapping.TryGetValue(folder, out string? names)
                    ? names.Split(LabelSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(name => FolderLabelMatcher.Find(name, labels) ?? throw new TrainingException(
                            $"--baseline-mapping: '{folder}' is mapped to '{name}', which is not one of the {labels.Count} labels of {Path.GetFileName(baselinePath)}"))
                        .ToArray()
                    : FolderLabelMatcher.Find(folder, labels) is { } index ? [index] : [])
                .ToArray();
            return new BaselineScorer(baseline, classes, meanings);
        }
        catch
        {
            baseline.Dispose();
            throw;
        }
    }

    /// <summary>Per class (in order), how many of <paramref name="heldOut"/> the baseline gets right.</summary>
    /// <exception cref="TrainingException">A held-out image cannot be decoded.</exception>
    public ClassValidation[] Score(IEnumerable<LabelledImage> heldOut)
    {
        var ranker = new ResultRanker(_baseline.Contract.Labels, new ClassificationOptions { MaxResults = 1 });
        ClassificationResult result = ranker.CreateResult();
        var counts = new int[_classes.Count];
        var correct = new int[_classes.Count];
        foreach (LabelledImage image in heldOut)
        {
            int c = IndexOf(image.Folder);
            DecodedImage decoded;
            try
            {
                decoded = ImageFileDecoder.Decode(image.Path);
            }
            catch (ImageDecodeException ex)
            {
                throw new TrainingException(ex.Message, ex);
            }

            _baseline.Classify(decoded.View, ranker, result);
            counts[c]++;
            correct[c] += _meanings[c].Contains(result.Best.Index) ? 1 : 0;
        }

        return _classes.Select((label, c) => new ClassValidation(label, counts[c], correct[c])).ToArray();
    }

    public void Dispose() => _baseline.Dispose();

    private int IndexOf(string folder)
    {
        for (int i = 0; i < _classes.Count; i++)
        {
            if (_classes[i] == folder)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{folder}' is not one of the classes", nameof(folder));
    }
}
