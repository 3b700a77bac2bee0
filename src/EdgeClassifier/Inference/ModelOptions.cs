using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Inference;

/// <summary>
/// Configuration section <c>Model</c>: which model to load and how to read it where the file itself is silent.
/// Everything here is optional except <see cref="Path"/>; the model's own shape and metadata come first.
/// </summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The ONNX classifier; with <see cref="Select"/> = auto, a folder of them to choose from.</summary>
    public string? Path { get; set; }

    /// <summary><c>auto</c>: measure the models in the <see cref="Path"/> folder at start and run the recommended one.</summary>
    public ModelSelectMode Select { get; set; } = ModelSelectMode.Off;

    /// <summary>With <see cref="Select"/> = auto: a folder-per-label dataset the candidates' accuracy is measured on.</summary>
    public string? SelectDataset { get; set; }

    /// <summary>With <see cref="Select"/> = auto: frames measured per candidate.</summary>
    public int SelectFrames { get; set; } = 100;

    /// <summary>Labels file, one label per line, line i = output index i. Default: from the model's metadata or a sidecar.</summary>
    public string? Labels { get; set; }

    /// <summary>A smaller model to switch to when the main one cannot keep the frame budget.</summary>
    public string? FallbackPath { get; set; }

    /// <summary>How frames are fitted into the input: stretch (the reference), crop or letterbox.</summary>
    public ResizeMode Resize { get; set; } = ResizeMode.Stretch;

    /// <summary>Clockwise rotation of the camera image: 0, 90, 180 or 270.</summary>
    public int Rotation { get; set; }

    public bool FlipHorizontal { get; set; }

    public bool FlipVertical { get; set; }

    /// <summary>Normalised [x1, y1, x2, y2] part of the frame to classify; empty = the whole frame.</summary>
    public float[]? RegionOfInterest { get; set; }

    /// <summary>Input layout when the model's shape cannot tell (3 channels on both axes): nhwc or nchw.</summary>
    public TensorLayout? Layout { get; set; }

    /// <summary>Float models: per-channel (or single) mean subtracted from 0..255 pixels. Overrides metadata <c>input_mean</c>.</summary>
    public float[]? Mean { get; set; }

    /// <summary>Float models: per-channel (or single) divisor. Overrides metadata <c>input_std</c>.</summary>
    public float[]? Std { get; set; }

    /// <summary>Whether the output is probabilities or logits; auto detects it per inference.</summary>
    public OutputKind OutputKind { get; set; } = OutputKind.Auto;

    /// <summary>Input width and height for models whose spatial dimensions are dynamic.</summary>
    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>The geometry part as preprocessing options.</summary>
    public PreprocessOptions ToPreprocessOptions() => new()
    {
        Resize = Resize,
        Rotation = Rotation,
        FlipHorizontal = FlipHorizontal,
        FlipVertical = FlipVertical,
        RegionOfInterest = RegionOfInterest is { Length: > 0 } roi ? roi : null,
    };

    /// <summary>
    /// The options of the fallback model, or null without <see cref="FallbackPath"/>: the main model's geometry (region,
    /// resize, rotation, flips) with the fallback's own labels and normalisation.
    /// </summary>
    public ModelOptions? ForFallback() => FallbackPath is { Length: > 0 } path
        ? new ModelOptions
        {
            Path = path,
            Resize = Resize,
            Rotation = Rotation,
            FlipHorizontal = FlipHorizontal,
            FlipVertical = FlipVertical,
            RegionOfInterest = RegionOfInterest,
        }
        : null;

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield return "Model:Path is required: the ONNX classifier to load (see scripts/fetch-models.sh).";
        }
        else if (Select == ModelSelectMode.Auto && !Directory.Exists(Path))
        {
            yield return $"Model:Select=auto needs Model:Path to be a folder of .onnx models; '{Path}' is not a folder.";
        }
        else if (Select == ModelSelectMode.Auto && !Directory.EnumerateFiles(Path, "*.onnx").Any())
        {
            yield return $"Model:Path: '{Path}' holds no .onnx model to select from.";
        }
        else if (Select == ModelSelectMode.Off && Directory.Exists(Path))
        {
            yield return $"Model:Path: '{Path}' is a folder; name a model file, or set Model:Select=auto to choose one from the folder.";
        }

        if (SelectDataset is { Length: > 0 } dataset && !Directory.Exists(dataset))
        {
            yield return $"Model:SelectDataset: '{dataset}' is not a folder (a dataset has one folder of images per label).";
        }

        if (SelectFrames is < 10 or > 100_000)
        {
            yield return $"Model:SelectFrames must be between 10 and 100000, got {SelectFrames}.";
        }

        if (ToPreprocessOptions().Validate() is { } geometry)
        {
            yield return $"Model: {geometry}";
        }

        foreach (var (key, values) in new[] { ("Mean", Mean), ("Std", Std) })
        {
            if (values is { Length: not (0 or 1 or 3) })
            {
                yield return $"Model:{key} must have 1 or 3 values, got {values.Length}.";
            }
        }

        if (Std is { } std && std.Any(s => !(s > 0f) || !float.IsFinite(s)))
        {
            yield return "Model:Std values must be positive numbers.";
        }

        if (Width is <= 0 || Height is <= 0)
        {
            yield return "Model:Width and Model:Height must be positive.";
        }
    }
}
