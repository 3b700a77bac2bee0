using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Inference.Providers;
using EdgeClassifier.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Runs a backbone cut at its embedding on images, with the same input reading and preprocessing as
/// <see cref="ImageClassifier"/>, so embeddings at training time match what the exported classifier sees.
/// </summary>
public sealed class EmbeddingExtractor : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly long[] _inputShape;
    private readonly string _outputName;
    private readonly Preprocessor _preprocessor;
    private readonly byte[]? _byteInput;
    private readonly float[]? _floatInput;

    /// <exception cref="ModelLoadException">ONNX Runtime cannot load the graph, or its input is not an image.</exception>
    public EmbeddingExtractor(BackboneGraph backbone, ModelOptions options)
    {
        // The backbone is an in-memory graph: the service's CPU settings, nothing cached on disk.
        using SessionOptions sessionOptions = SessionOptionsBuilder.Build(
            new RuntimeOptions(), ExecutionProviderCatalog.Cpu, new OptimizedModelCache(backbone.Path, optimizedPath: null));
        try
        {
            _session = new InferenceSession(backbone.ToBytes(), sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{backbone.Path}: not a loadable ONNX model ({ex.Message.Split('\n')[0].Trim()}).", ex);
        }

        try
        {
            InputTensorSpec spec;
            (_inputName, spec, _inputShape) = ModelContractReader.ReadInput(_session, backbone.Path, options);
            _outputName = backbone.EmbeddingName;
            Spec = spec;
            _preprocessor = new Preprocessor(spec, options.ToPreprocessOptions());
            if (spec.ElementType == TensorElementType.UInt8)
            {
                _byteInput = new byte[spec.ElementCount];
            }
            else
            {
                _floatInput = new float[spec.ElementCount];
            }
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The backbone's image input.</summary>
    public InputTensorSpec Spec { get; }

    /// <summary>The raw (not normalised) embedding of one image, flattened.</summary>
    public float[] Embed(ImageView image)
    {
        OrtValue input;
        if (_byteInput is not null)
        {
            _preprocessor.Run(image, _byteInput);
            input = OrtValue.CreateTensorValueFromMemory(_byteInput, _inputShape);
        }
        else
        {
            _preprocessor.Run(image, _floatInput);
            input = OrtValue.CreateTensorValueFromMemory(_floatInput!, _inputShape);
        }

        using (input)
        {
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, [_inputName], [input], [_outputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
