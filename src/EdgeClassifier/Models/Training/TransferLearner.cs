using System.Diagnostics;
using System.Globalization;
using EdgeClassifier.Hardware.Camera.ImageDecoding;
using EdgeClassifier.Inference;
using EdgeClassifier.Models.Datasets;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Teaches a backbone new classes on the device: embeds each image of a folder-per-label dataset (cached, with
/// augmented copies for small sets), holds out whole groups per class for validation, fits a softmax head (or
/// imprints class means for tiny sets), and exports backbone plus head as one ONNX classifier.
/// </summary>
public static class TransferLearner
{
    /// <summary>
    /// Trains on <paramref name="datasetPath"/> and writes <paramref name="outputPath"/> with its labels file.
    /// <paramref name="input"/> supplies the preprocessing (resize mode etc.) the exported model will be used with.
    /// </summary>
    /// <exception cref="TrainingException">Bad options, too few classes, an unreadable image or an unusable output path.</exception>
    /// <exception cref="DatasetException">The dataset folder is missing or empty.</exception>
    /// <exception cref="ModelLoadException">The backbone cannot be loaded as an image model.</exception>
    public static TrainingReport Train(
        string backbonePath,
        string? embeddingOutput,
        string datasetPath,
        string outputPath,
        TrainingOptions options,
        ModelOptions input,
        Action<TrainingPhase, int, int>? progress = null)
    {
        if (options.Validate().FirstOrDefault() is { } problem)
        {
            throw new TrainingException(problem);
        }

        ClassifierExporter.CheckOutputPath(outputPath);
        ImageDataset dataset = ImageDataset.Scan(datasetPath);
        if (dataset.Folders.Count < 2)
        {
            throw new TrainingException($"{datasetPath}: only one label folder ('{dataset.Folders[0]}'); a classifier needs at least two classes");
        }

        BackboneGraph backbone = BackboneGraph.Load(backbonePath, embeddingOutput);
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
            trainingSeconds);

        var metadata = new Dictionary<string, string>
        {
            ["source"] = "edgeclassifier train",
            ["backbone"] = Path.GetFileName(backbonePath),
            ["embedding_output"] = backbone.EmbeddingName,
            ["training_method"] = report.Method,
            ["training_images"] = dataset.Images.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (report.ValidationAccuracy is { } accuracy)
        {
            metadata["validation_accuracy"] = accuracy.ToString("0.####", CultureInfo.InvariantCulture);
        }

        ClassifierExporter.Export(backbone, head, dataset.Folders, outputPath, metadata);
        return report;
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
