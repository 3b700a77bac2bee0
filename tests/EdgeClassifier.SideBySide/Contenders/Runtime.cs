using EdgeClassifier.Inference;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>The session settings this project runs with, shared by the limit and the project's own frame path.</summary>
internal static class Runtime
{
    /// <summary>Two intra-op threads: the cores of the measuring machine (and of a Pi Zero 2's budget).</summary>
    public const int Threads = 2;

    public static RuntimeOptions Options => new() { Threads = Threads };
}
