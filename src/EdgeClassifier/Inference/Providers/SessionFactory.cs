using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference.Providers;

/// <summary>
/// Creates the inference session on the first provider of <c>Runtime:Providers</c> that works: a provider the
/// installed build lacks, or one that fails to start (missing driver, no device), is logged once with the reason and
/// skipped; CPU is always tried last. One factory per process keeps "once" true across the main and fallback model.
/// </summary>
public sealed class SessionFactory(Action<string> log)
{
    private readonly HashSet<string> _reported = [];

    /// <summary>The process-wide factory; reports to standard error.</summary>
    public static SessionFactory Shared { get; } = new(message => Console.Error.WriteLine($"edgeclassifier: runtime: {message}"));

    /// <summary>Creates a session for <paramref name="modelPath"/> and says which provider runs it.</summary>
    /// <exception cref="OnnxRuntimeException">Even the CPU provider could not load the model.</exception>
    public (InferenceSession Session, IExecutionProvider Provider) Create(string modelPath, RuntimeOptions runtime)
    {
        OptimizedModelCache cache = new(modelPath, runtime.OptimizedModelPath);
        foreach (IExecutionProvider provider in runtime.ProviderOrder())
        {
            if (!ExecutionProviderCatalog.IsInBuild(provider))
            {
                Report(provider, $"not in this ONNX Runtime build (it has {string.Join(", ", ExecutionProviderCatalog.BuildProviders)}); needs {provider.Requirement}");
                continue;
            }

            bool last = provider == ExecutionProviderCatalog.Cpu;
            try
            {
                using SessionOptions options = SessionOptionsBuilder.Build(runtime, provider, cache);
                return (new InferenceSession(cache.LoadPath, options), provider);
            }
            catch (Exception ex) when (!last && ex is OnnxRuntimeException or ArgumentException)
            {
                Report(provider, $"failed to start ({ex.Message.Split('\n')[0].Trim()})");
            }
        }

        throw new InvalidOperationException("The CPU provider is always in the provider order.");
    }

    private void Report(IExecutionProvider provider, string reason)
    {
        lock (_reported)
        {
            if (_reported.Add(provider.Name))
            {
                log($"provider {provider.Name} skipped: {reason}.");
            }
        }
    }
}
