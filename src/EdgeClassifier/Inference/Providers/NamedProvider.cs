using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// A provider added through ONNX Runtime's generic <c>AppendExecutionProvider(name, options)</c>: the options pass
/// through as key/value strings, over defaults the subclass supplies.
/// </summary>
public abstract class NamedProvider : IExecutionProvider
{
    public abstract string Name { get; }

    public abstract string OrtName { get; }

    public abstract string Requirement { get; }

    /// <summary>The name the generic API knows the provider by, e.g. <c>QNN</c>.</summary>
    protected abstract string ApiName { get; }

    public void Append(SessionOptions session, IReadOnlyDictionary<string, string> options, RuntimeOptions runtime)
    {
        var merged = new Dictionary<string, string>(Defaults(runtime));
        foreach (var (key, value) in options)
        {
            merged[key] = value;
        }

        session.AppendExecutionProvider(ApiName, merged);
    }

    /// <summary>Options used unless the configuration sets them.</summary>
    protected virtual IReadOnlyDictionary<string, string> Defaults(RuntimeOptions runtime) => new Dictionary<string, string>();
}
