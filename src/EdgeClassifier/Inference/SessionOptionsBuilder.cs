using EdgeClassifier.Inference.Providers;
using Microsoft.ML.OnnxRuntime;

namespace EdgeClassifier.Inference;

/// <summary>Turns <see cref="RuntimeOptions"/> and the chosen provider into ONNX Runtime session options.</summary>
internal static class SessionOptionsBuilder
{
    public static SessionOptions Build(RuntimeOptions runtime, IExecutionProvider provider, OptimizedModelCache cache)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = cache.LoadsSavedModel ? GraphOptimizationLevel.ORT_DISABLE_ALL : Level(runtime.GraphOptimization),
            IntraOpNumThreads = runtime.EffectiveThreads,
            EnableCpuMemArena = runtime.MemoryArena,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            // Spinning threads burn a core between frames for a little latency; on a battery or passively cooled board
            // that costs more than it gains, so it is off unless asked for.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", runtime.Spinning ? "1" : "0");
            if (cache.SavePath is { } savePath)
            {
                options.OptimizedModelFilePath = savePath;
            }

            if (provider != ExecutionProviderCatalog.Cpu)
            {
                provider.Append(options, runtime.OptionsFor(provider), runtime);
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static GraphOptimizationLevel Level(GraphOptimization level) => level switch
    {
        GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
        GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
}
