using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Inference;

/// <summary>
/// Configuration section <c>Model</c>: which model to load and how to read it where the file itself is silent.
/// Everything here is optional except <see cref="Path"/>; the model's own shape and metadata come first.
/// </summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The ONNX classifier.</summary>
    public string? Path { get; set; }

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
