using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>Session settings of the limit and of this project's frame path.</summary>
internal static class Runtime
{
    /// <summary>Two intra-op threads: the cores of the measuring machine.</summary>
    public const int Threads = 2;

    /// <summary>
    /// ONNX Runtime's own default, spinning threads, as ML.NET and the tutorial run: the fastest a session goes, so
    /// the limit is a true limit and the overhead of the frame path is measured against equal sessions.
    /// </summary>
    public static RuntimeOptions Fastest => new() { Threads = Threads, Spinning = true };

    /// <summary>The service's defaults (spinning off to save power), to show what that choice costs per frame.</summary>
    public static RuntimeOptions ServiceDefaults => new() { Threads = Threads };
}
