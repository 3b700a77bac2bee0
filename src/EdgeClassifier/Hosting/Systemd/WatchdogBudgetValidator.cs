using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>
/// Rejects, at start, a <c>Pipeline:BudgetMs</c> that the <see cref="InferenceWatchdog"/> cannot use with the
/// configured <see cref="WatchdogOptions.StuckInferenceMultiple"/> (its limit is their product), by the watchdog's own rule.
/// </summary>
/// <param name="inferenceBudget">Gives the pipeline's per-frame budget; throws when that section is itself invalid.</param>
internal sealed class WatchdogBudgetValidator(Func<TimeSpan> inferenceBudget) : IValidateOptions<WatchdogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WatchdogOptions options)
    {
        // Only a product of two values that are each valid: a bad multiple or budget is reported by its own section.
        if (WatchdogOptionsValidator.MultipleProblem(options) is not null)
        {
            return ValidateOptionsResult.Skip;
        }

        TimeSpan budget;
        try
        {
            budget = inferenceBudget();
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Skip;
        }

        return InferenceWatchdog.Unusable(budget, options.StuckInferenceMultiple) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
