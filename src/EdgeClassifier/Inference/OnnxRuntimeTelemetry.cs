using System.Runtime.InteropServices;

namespace EdgeClassifier.Inference;

/// <summary>
/// Keeps ONNX Runtime's usage telemetry off. Its official Linux builds (1.31 on) report every process, session and
/// model with a persistent device id to Microsoft's collector and keep an offline queue in a SQLite database under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>, written at every start, unless
/// <c>ORT_DISABLE_TELEMETRY=1</c> is in the process environment when the library initialises. A camera on someone's
/// network must open no connection its operator did not configure; the database also costs start-up time and SD-card
/// writes. An operator who wants the telemetry sets the variable to <c>0</c>, which is left alone.
/// </summary>
internal static partial class OnnxRuntimeTelemetry
{
    /// <summary>The variable ONNX Runtime reads once, when it initialises.</summary>
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    /// <summary>Sets the variable to 1 unless the environment has a value for it. Call before anything uses ONNX Runtime.</summary>
    public static void OptOutUnlessChosen()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            return;
        }

        // ONNX Runtime reads the C library's environment (getenv); on Unix .NET's Environment.SetEnvironmentVariable
        // changes only the runtime's own copy, so the C library's setenv is called.
        if (SetEnv(Variable, "1", overwrite: 1) != 0)
        {
            throw new InvalidOperationException($"setenv({Variable}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
