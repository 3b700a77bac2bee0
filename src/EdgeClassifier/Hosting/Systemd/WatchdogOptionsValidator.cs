using System.Globalization;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>Rejects <see cref="WatchdogOptions"/> that would make a watchdog useless or trigger-happy, naming the key.</summary>
public sealed class WatchdogOptionsValidator : IValidateOptions<WatchdogOptions>
{
    private static readonly TimeSpan MinStatusInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStatusInterval = TimeSpan.FromHours(1);
    private const double MinMultiple = 2;
    private const double MaxMultiple = 1000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WatchdogOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(WatchdogOptions options)
    {
        const string section = WatchdogOptions.SectionName;
        if (options.StatusInterval < MinStatusInterval || options.StatusInterval > MaxStatusInterval)
        {
            yield return $"{section}:{nameof(options.StatusInterval)} must be between {MinStatusInterval} and {MaxStatusInterval}, got {options.StatusInterval}";
        }

        if (MultipleProblem(options) is { } multiple)
        {
            yield return multiple;
        }
    }

    /// <summary>What is wrong with <see cref="WatchdogOptions.StuckInferenceMultiple"/>, or null.</summary>
    internal static string? MultipleProblem(WatchdogOptions options) =>
        // Below 2 budgets a merely slow frame would count as stuck; NaN fails both comparisons, hence the negation.
        !(options.StuckInferenceMultiple >= MinMultiple && options.StuckInferenceMultiple <= MaxMultiple)
            ? $"{WatchdogOptions.SectionName}:{nameof(options.StuckInferenceMultiple)} must be between {MinMultiple} and {MaxMultiple}, got {options.StuckInferenceMultiple.ToString(CultureInfo.InvariantCulture)}"
            : null;
}
