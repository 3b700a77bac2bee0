using System.Diagnostics;
using System.Globalization;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Models.Metadata;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Teaches a backbone new classes on the device: embeds each image of a folder-per-label dataset (cached, with
/// augmented copies for small sets), holds out whole groups per class for validation, fits a softmax head (or
/// imprints class means for tiny sets), and exports backbone plus head as one ONNX classifier.
/// </summary>
public static class TransferLearner
{
    /// <summary>
    /// Trains on <paramref name="datasetPaths"/> (scanned as one dataset) and writes <paramref name="outputPath"/>
    /// with its labels file, a <c>version</c> one above the model it replaces and its held-out <c>accuracy</c>.
    /// <paramref name="input"/> supplies the preprocessing (resize mode etc.) the exported model will be used with.
    /// With <paramref name="baselinePath"/> (the model in use) that model is scored on the same held-out images, a
    /// class counting as the labels <paramref name="baselineMapping"/> gives for it (see <see cref="BaselineScorer"/>).
    /// </summary>
    /// <exception cref="TrainingException">Bad options, too few classes, an unreadable image or an unusable output path.</exception>
    /// <exception cref="DatasetException">The dataset folder is missing or empty.</exception>
    /// <exception cref="ModelLoadException">The backbone cannot be loaded as an image model.</exception>
    public static TrainingReport Train(
        string backbonePath,
        string? embeddingOutput,
        IReadOnlyList<string> datasetPaths,
        string outputPath,
        TrainingOptions options,
        ModelOptions input,
        string? baselinePath = null,
        IReadOnlyDictionary<string, string>? baselineMapping = null,
        Action<TrainingPhase, int, int>? progress = null)
    {
        if (options.Validate().FirstOrDefault() is { } problem)
        {
            throw new TrainingException(problem);
        }

        ClassifierExporter.CheckOutputPath(outputPath);
        ImageDataset dataset = ImageDataset.Scan(datasetPaths);
        if (dataset.Folders.Count < 2)
        {
            throw new TrainingException($"{dataset.Root}: only one label folder ('{dataset.Folders[0]}'); a classifier needs at least two classes");
        }

        BackboneGraph backbone = BackboneGraph.Load(backbonePath, embeddingOutput);
        using BaselineScorer? baseline = baselinePath is null
            ? null
            : BaselineScorer.Open(baselinePath, input, dataset.Folders, baselineMapping ?? new Dictionary<string, string>());
        var heldOut = ValidationSplit.Choose(dataset.Images, options.ValidationFraction, options.Seed);
        bool IsValidation(LabelledImage image) => heldOut.Contains((image.Folder, image.Group));
        int smallestClass = dataset.Images.Where(i => !IsValidation(i)).GroupBy(i => i.Folder).Min(g => g.Count());
        int augment = options.AugmentationFor(smallestClass);
        var cache = new EmbeddingCache(options.CacheDirectory, backbone, $"resize={input.Resize}");

        var classOf = dataset.Folders.Select((folder, i) => (folder, i)).ToDictionary(p => p.folder, p => p.i, StringComparer.Ordinal);
        var stopwatch = Stopwatch.StartNew();
        var training = new List<EmbeddingSample>();
        var validation = new List<EmbeddingSample>();
        int embedded = 0, cached = 0;
        using (var extractor = new EmbeddingExtractor(backbone, input))
        {
            for (int n = 0; n < dataset.Images.Count; n++)
            {
                LabelledImage image = dataset.Images[n];
                bool isValidation = IsValidation(image);
                int classIndex = classOf[image.Folder];
                float[][] embeddings = Embed(extractor, cache, image, isValidation ? 0 : augment, options.Seed, ref embedded, ref cached);
                for (int k = 0; k < embeddings.Length; k++)
                {
                    var sample = new EmbeddingSample(EmbeddingSample.Normalise(embeddings[k]), classIndex, image.Group, Augmented: k > 0);
                    (isValidation ? validation : training).Add(sample);
                }

                progress?.Invoke(TrainingPhase.Embedding, n + 1, dataset.Images.Count);
            }
        }

        double embeddingSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        bool imprint = options.Imprint ?? smallestClass < TrainingOptions.ImprintBelow;
        SoftmaxHead head = imprint
            ? SoftmaxHead.Imprint(training, dataset.Folders.Count, options.ImprintScale)
            : SoftmaxHeadTrainer.Train(
                training, dataset.Folders.Count, options.Epochs, options.LearningRate, options.L2, epoch => progress?.Invoke(TrainingPhase.Training, epoch, options.Epochs));
        double trainingSeconds = stopwatch.Elapsed.TotalSeconds;

        ClassValidation[] perClass = validation.Count == 0 ? [] : dataset.Folders.Select((label, c) =>
        {
            var samples = validation.Where(s => s.ClassIndex == c).ToArray();
            return new ClassValidation(label, samples.Length, samples.Count(s => head.Classify(s.Embedding) == c));
        }).ToArray();
        double trainAccuracy = (double)training.Count(s => head.Classify(s.Embedding) == s.ClassIndex) / training.Count;
        var report = new TrainingReport(
            outputPath,
            Path.ChangeExtension(outputPath, ".labels.txt"),
            dataset.Folders,
            imprint ? "imprint" : "softmax",
            dataset.Images.Count,
            training.Count,
            embedded,
            cached,
            trainAccuracy,
            perClass,
            heldOut.Select(g => $"{g.Folder}/{g.Group}").Order(StringComparer.Ordinal).ToArray(),
            embeddingSeconds,
            trainingSeconds)
        {
            Baseline = baseline is null || heldOut.Count == 0 ? [] : baseline.Score(dataset.Images.Where(IsValidation)),
            BaselineModel = baselinePath is null ? null : Path.GetFileName(baselinePath),
            Version = NextVersion(baselinePath ?? (File.Exists(outputPath) ? outputPath : null)),
        };

        var metadata = new Dictionary<string, string>
        {
            ["source"] = "edgeclassifier train",
            ["backbone"] = Path.GetFileName(backbonePath),
            ["embedding_output"] = backbone.EmbeddingName,
            ["training_method"] = report.Method,
            ["training_images"] = dataset.Images.Count.ToString(CultureInfo.InvariantCulture),
            [VersionKey] = report.Version.ToString(CultureInfo.InvariantCulture),
        };
        if (report.ValidationAccuracy is { } accuracy)
        {
            metadata["validation_accuracy"] = ModelMetadataFile.Format(accuracy);
            metadata[ModelMetadataFile.AccuracyKey] = ModelMetadataFile.Format(accuracy);
            metadata[ModelMetadataFile.AccuracyDatasetKey] = $"{validation.Count(s => !s.Augmented)} held-out images of {dataset.Root}";
        }

        ClassifierExporter.Export(backbone, head, dataset.Folders, outputPath, metadata);
        return report;
    }

    /// <summary>Metadata key of the model's training generation: 1 for a first model, the replaced model's plus one after.</summary>
    public const string VersionKey = "version";

    private static int NextVersion(string? replaced)
    {
        if (replaced is null)
        {
            return 1;
        }

        try
        {
            return ModelMetadataFile.Read(replaced).TryGetValue(VersionKey, out string? text)
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int version)
                ? version + 1
                : 1;
        }
        catch (Exception ex) when (ex is IOException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return 1;
        }
    }

    private static float[][] Embed(
        EmbeddingExtractor extractor, EmbeddingCache cache, LabelledImage image, int augment, int seed, ref int embedded, ref int cached)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(image.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrainingException($"{image.Path}: cannot read the image ({ex.Message})", ex);
        }

        string hash = EmbeddingCache.HashImage(bytes);
        if (cache.TryRead(hash, seed, 1 + augment) is { } stored)
        {
            cached += stored.Length;
            return stored;
        }

        DecodedImage decoded;
        try
        {
            decoded = ImageFileDecoder.Decode(bytes, image.Path);
        }
        catch (ImageDecodeException ex)
        {
            throw new TrainingException(ex.Message, ex);
        }

        // One random sequence per image content, so copy k is the same however many copies are asked for.
        var random = new Random(seed ^ Convert.ToInt32(hash[..7], 16));
        var embeddings = new float[1 + augment][];
        embeddings[0] = extractor.Embed(decoded.View);
        for (int k = 1; k <= augment; k++)
        {
            embeddings[k] = extractor.Embed(ImageAugmenter.Augment(decoded, random).View);
        }

        embedded += embeddings.Length;
        cache.Write(hash, seed, embeddings);
        return embeddings;
    }
}
