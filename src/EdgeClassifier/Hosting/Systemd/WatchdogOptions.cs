namespace EdgeClassifier.Hosting.Systemd;

/// <summary>Settings of the watchdogs, bound from the <c>Watchdog</c> configuration section.</summary>
public sealed class WatchdogOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Watchdog";

    /// <summary>How often a <c>STATUS=</c> line goes to systemd (shown by <c>systemctl status</c>). Default 5 s.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An inference that runs longer than this many per-frame budgets (<c>Pipeline:BudgetMs</c>) counts as stuck and
    /// ends the process with exit code 1. Default 100 (3.3 s at the default budget): a
    /// frame slowed ten times by a busy CPU or a garbage collection must not end the service.
    /// </summary>
    public double StuckInferenceMultiple { get; set; } = 100;
}
