using EdgeClassifier.Hardware.Gpio;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// Checks the <c>Gpio</c> section at start against this machine: the rules of <see cref="GpioOptionsValidator"/> for
/// the chips present, and whether the chosen chip exists at all — so a board without it stops with exit 2 before the
/// camera opens or a model loads.
/// </summary>
/// <param name="chips">The driver factory the service will open the chip with.</param>
public sealed class GpioStartupValidator(IGpioDriverFactory chips) : IValidateOptions<GpioOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        int headerChip = RaspberryPiPins.HeaderChip(GpioChipReader.ListChips());
        var errors = GpioOptionsValidator.Validate(options, headerChip).ToList();
        int chip = GpioChipPath.TryParse(options.Chip, out int configured) ? configured : headerChip;
        if (chips.Missing(chip) is { } missing)
        {
            errors.Add($"Gpio:Chip: {missing} (remove the Gpio section to run without GPIO).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
