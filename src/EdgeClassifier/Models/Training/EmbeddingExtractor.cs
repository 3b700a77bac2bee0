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
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string inputName;
    private readonly long[] inputShape;
    private readonly string outputName;
    private readonly Preprocessor preprocessor;
    private readonly byte[]? byteInput;
    private readonly float[]? floatInput;

    /// <exception cref="ModelLoadException">ONNX Runtime cannot load the graph, or its input is not an image.</exception>
    public EmbeddingExtractor(BackboneGraph backbone, ModelOptions options)
    {
        // The backbone is an in-memory graph: the service's CPU settings, nothing cached on disk.
        using SessionOptions sessionOptions = SessionOptionsBuilder.Build(
            new RuntimeOptions(), ExecutionProviderCatalog.Cpu, new OptimizedModelCache(backbone.Path, optimizedPath: null));
        try
        {
            session = new InferenceSession(backbone.ToBytes(), sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{backbone.Path}: not a loadable ONNX model ({ex.Message.Split('\n')[0].Trim()}).", ex);
        }

        try
        {
            InputTensorSpec spec;
            (inputName, spec, inputShape) = ModelContractReader.ReadInput(session, backbone.Path, options);
            outputName = backbone.EmbeddingName;
            Spec = spec;
            preprocessor = new Preprocessor(spec, options.ToPreprocessOptions());
            if (spec.ElementType == TensorElementType.UInt8)
            {
                byteInput = new byte[spec.ElementCount];
            }
            else
            {
                floatInput = new float[spec.ElementCount];
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The backbone's image input.</summary>
    public InputTensorSpec Spec { get; }

    /// <summary>The raw (not normalised) embedding of one image, flattened.</summary>
    public float[] Embed(ImageView image)
    {
        OrtValue input;
        if (byteInput is not null)
        {
            preprocessor.Run(image, byteInput);
            input = OrtValue.CreateTensorValueFromMemory(byteInput, inputShape);
        }
        else
        {
            preprocessor.Run(image, floatInput);
            input = OrtValue.CreateTensorValueFromMemory(floatInput!, inputShape);
        }

        using (input)
        {
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [inputName], [input], [outputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}
