namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Delays between reconnect attempts: doubling from a minimum to a maximum, each scaled by a random factor in
/// [0.5, 1.0] so a fleet of devices does not reconnect in lockstep after a broker restart.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private int _failures;

    /// <summary>Creates a back-off between <paramref name="minimum"/> and <paramref name="maximum"/>.</summary>
    public ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
    {
        _minimum = minimum;
        _maximum = maximum;
    }

    /// <summary>Failed attempts since the last success.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        double exponential = _minimum.TotalSeconds * Math.Pow(2, Math.Min(_failures, 30));
        _failures++;
        double capped = Math.Min(exponential, _maximum.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>Starts over after a successful connection.</summary>
    public void Reset() => _failures = 0;
}
