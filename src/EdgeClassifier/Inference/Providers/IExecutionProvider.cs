using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// One accelerator ONNX Runtime can run a model on. An implementation knows its configuration name, the name the
/// runtime reports for it, and how to add itself to a session with the options the user passed through.
/// </summary>
public interface IExecutionProvider
{
    /// <summary>The name used in <c>Runtime:Providers</c> and <c>--providers</c>, e.g. <c>cuda</c>.</summary>
    string Name { get; }

    /// <summary>The name ONNX Runtime lists in its available providers, e.g. <c>CUDAExecutionProvider</c>.</summary>
    string OrtName { get; }

    /// <summary>What to install to get a build with this provider, for the message when it is missing.</summary>
    string Requirement { get; }

    /// <summary>Adds the provider to <paramref name="session"/>; <paramref name="options"/> are passed through as given.</summary>
    void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime);
}
