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
public sealed class ImageClassifier : Pipeline.IFrameClassifier
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtIoBinding binding;
    private readonly OrtValue inputValue;
    private readonly OrtValue outputValue;
    private readonly byte[]? byteInput;
    private readonly float[]? floatInput;
    private readonly float[] rawOutput;
    private readonly float[] probabilities;
    private readonly Preprocessor preprocessor;

    private ImageClassifier(InferenceSession session, ModelContract contract, PreprocessOptions preprocessOptions)
    {
        this.session = session;
        Contract = contract;
        preprocessor = new Preprocessor(contract.Input, preprocessOptions);
        if (contract.Input.ElementType == TensorElementType.UInt8)
        {
            byteInput = new byte[contract.Input.ElementCount];
            inputValue = OrtValue.CreateTensorValueFromMemory(byteInput, contract.InputShape);
        }
        else
        {
            floatInput = new float[contract.Input.ElementCount];
            inputValue = OrtValue.CreateTensorValueFromMemory(floatInput, contract.InputShape);
        }

        rawOutput = new float[contract.ClassCount];
        probabilities = new float[contract.ClassCount];
        outputValue = OrtValue.CreateTensorValueFromMemory(rawOutput, contract.OutputShape);
        binding = session.CreateIoBinding();
        binding.BindInput(contract.InputName, inputValue);
        binding.BindOutput(contract.OutputName, outputValue);
    }

    /// <summary>What the model takes and gives.</summary>
    public ModelContract Contract { get; }

    /// <summary>The input tensor as bytes (uint8 models only); valid after <see cref="Preprocess"/>.</summary>
    public ReadOnlySpan<byte> ByteInput => byteInput;

    /// <summary>The input tensor as floats (float models only).</summary>
    public ReadOnlySpan<float> FloatInput => floatInput;

    /// <summary>Probabilities per label after the last <see cref="Infer"/>.</summary>
    public ReadOnlySpan<float> Probabilities => probabilities;

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
        if (byteInput is not null)
        {
            preprocessor.Run(image, byteInput);
        }
        else
        {
            preprocessor.Run(image, floatInput);
        }
    }

    /// <summary>Runs the model on the current input and leaves probabilities in <see cref="Probabilities"/>.</summary>
    public void Infer()
    {
        session.RunWithBinding(runOptions, binding);
        bool logits = Contract.OutputKind switch
        {
            OutputKind.Logits => true,
            OutputKind.Probabilities => false,
            _ => !Softmax.LooksLikeProbabilities(rawOutput),
        };
        if (logits)
        {
            Softmax.Apply(rawOutput, probabilities);
        }
        else
        {
            rawOutput.CopyTo(probabilities, 0);
        }
    }

    /// <summary>Preprocesses, infers and ranks one image; returns the inference time in milliseconds.</summary>
    public double Classify(ImageView image, ResultRanker ranker, ClassificationResult result)
    {
        Preprocess(image);
        long start = Stopwatch.GetTimestamp();
        Infer();
        double inferenceMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        ranker.Rank(probabilities, result);
        return inferenceMs;
    }

    public void Dispose()
    {
        binding.Dispose();
        inputValue.Dispose();
        outputValue.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
