using System.Diagnostics;
using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference.Providers;
using EdgeClassifier.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference;

/// <summary>
/// One loaded classifier with everything a frame needs preallocated: the input tensor, the output tensor, the
/// ONNX Runtime bindings between them, and the preprocessor. The frame path (<see cref="Preprocess"/>,
/// <see cref="Infer"/>, then <see cref="ResultRanker.Rank"/>) allocates nothing. Not thread-safe: one frame at a time.
/// </summary>
public sealed class ImageClassifier : IFrameClassifier
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly byte[]? _byteInput;
    private readonly float[]? _floatInput;
    private readonly float[] _rawOutput;
    private readonly float[] _probabilities;
    private readonly Preprocessor _preprocessor;

    private ImageClassifier(InferenceSession session, ModelContract contract, PreprocessOptions preprocessOptions)
    {
        _session = session;
        Contract = contract;
        _preprocessor = new Preprocessor(contract.Input, preprocessOptions);
        if (contract.Input.ElementType == TensorElementType.UInt8)
        {
            _byteInput = new byte[contract.Input.ElementCount];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_byteInput, contract.InputShape);
        }
        else
        {
            _floatInput = new float[contract.Input.ElementCount];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_floatInput, contract.InputShape);
        }

        _rawOutput = new float[contract.ClassCount];
        _probabilities = new float[contract.ClassCount];
        _outputValue = OrtValue.CreateTensorValueFromMemory(_rawOutput, contract.OutputShape);
        _binding = session.CreateIoBinding();
        _binding.BindInput(contract.InputName, _inputValue);
        _binding.BindOutput(contract.OutputName, _outputValue);
    }

    /// <summary>What the model takes and gives.</summary>
    public ModelContract Contract { get; }

    /// <summary>The input tensor as bytes (uint8 models only); valid after <see cref="Preprocess"/>.</summary>
    public ReadOnlySpan<byte> ByteInput => _byteInput;

    /// <summary>The input tensor as floats (float models only).</summary>
    public ReadOnlySpan<float> FloatInput => _floatInput;

    /// <summary>Probabilities per label after the last <see cref="Infer"/>.</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>Loads a model on the first working provider of <paramref name="runtime"/> and reads its contract.</summary>
    /// <param name="options">The model and how to read it.</param>
    /// <param name="runtime">Providers and session settings; default: CPU with one thread per core.</param>
    /// <param name="sessions">Reports skipped providers; default: <see cref="SessionFactory.Shared"/> (standard error).</param>
    /// <exception cref="ModelLoadException">The file is missing, not ONNX, not an image classifier, or its labels do not fit.</exception>
    public static ImageClassifier Load(ModelOptions options, RuntimeOptions? runtime = null, SessionFactory? sessions = null)
    {
        string path = options.Path ?? throw new ModelLoadException("No model given: set Model:Path or pass --model.");
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{path}: model file not found.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new ModelLoadException($"{path}: the model file is empty.");
        }

        InferenceSession session;
        IExecutionProvider provider;
        try
        {
            (session, provider) = (sessions ?? SessionFactory.Shared).Create(path, runtime ?? new RuntimeOptions());
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{path}: not a loadable ONNX model ({FirstLine(ex.Message)}).", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ModelLoadException(ex.Message, ex);
        }

        try
        {
            ModelContract contract = ModelContractReader.Read(session, path, options) with { Provider = provider.Name };
            return new ImageClassifier(session, contract, options.ToPreprocessOptions());
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Fills the input tensor from an image.</summary>
    public void Preprocess(ImageView image)
    {
        if (_byteInput is not null)
        {
            _preprocessor.Run(image, _byteInput);
        }
        else
        {
            _preprocessor.Run(image, _floatInput);
        }
    }

    /// <summary>Runs the model on the current input and leaves probabilities in <see cref="Probabilities"/>.</summary>
    public void Infer()
    {
        _session.RunWithBinding(_runOptions, _binding);
        bool logits = Contract.OutputKind switch
        {
            OutputKind.Logits => true,
            OutputKind.Probabilities => false,
            _ => !Softmax.LooksLikeProbabilities(_rawOutput),
        };
        if (logits)
        {
            Softmax.Apply(_rawOutput, _probabilities);
        }
        else
        {
            _rawOutput.CopyTo(_probabilities, 0);
        }
    }

    /// <summary>Preprocesses, infers and ranks one image; returns the inference time in milliseconds.</summary>
    public double Classify(ImageView image, ResultRanker ranker, ClassificationResult result)
    {
        Preprocess(image);
        long start = Stopwatch.GetTimestamp();
        Infer();
        double inferenceMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        ranker.Rank(_probabilities, result);
        return inferenceMs;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
