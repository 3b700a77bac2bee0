namespace EdgeClassifier.Hosting.Systemd;

/// <summary>Marks one inference as running until disposed; see <see cref="InferenceWatchdog.BeginInference"/>.</summary>
public readonly struct InferenceScope : IDisposable
{
    private readonly InferenceWatchdog? _watchdog;
    private readonly long _inference;

    internal InferenceScope(InferenceWatchdog watchdog, long inference)
    {
        _watchdog = watchdog;
        _inference = inference;
    }

    /// <summary>Marks the inference as finished.</summary>
    public void Dispose() => _watchdog?.EndInference(_inference);
}
