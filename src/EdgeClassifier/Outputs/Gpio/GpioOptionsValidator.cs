using System.Globalization;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>
/// Checks the <c>Gpio</c> section before any line is touched: every entry on a known pin or line, no line used twice,
/// no output on a trigger's input line, and values in range. Each problem is its own message naming the key.
/// </summary>
public static class GpioOptionsValidator
{
    private const int MinBlinkPeriodMs = 20;

    /// <summary>Returns the problems of <paramref name="options"/>; empty when it is valid.</summary>
    /// <param name="options">The bound section.</param>
    /// <param name="headerChip">The chip used when <c>Gpio:Chip</c> is unset.</param>
    public static IReadOnlyList<string> Validate(GpioOptions options, int headerChip)
    {
        var errors = new List<string>();
        if (!GpioLineResolver.TryCreate(options.Chip, headerChip, out var resolver))
        {
            errors.Add($"Gpio:Chip: '{options.Chip}' is not a chip; use a number (0), gpiochip0 or /dev/gpiochip0");
        }

        var uses = new List<LineUse>();
        void Use(LineOptions entry, string key, bool isInput)
        {
            if (resolver.TryResolve(entry, key, out var line, out var error))
            {
                uses.Add(new LineUse(entry.Line is null ? $"{key}:Pin" : $"{key}:Line", line, isInput));
            }
            else
            {
                errors.Add(error);
            }
        }

        for (var i = 0; i < options.Triggers.Count; i++)
        {
            var key = $"Gpio:Triggers:{i}";
            Use(options.Triggers[i], key, isInput: true);
            CheckTrigger(options.Triggers[i], key, errors);
        }

        for (var i = 0; i < options.Indicators.Count; i++)
        {
            var key = $"Gpio:Indicators:{i}";
            Use(options.Indicators[i], key, isInput: false);
            CheckIndicator(options.Indicators[i], key, errors);
        }

        if (options.StatusLed is { } status)
        {
            Use(status, "Gpio:StatusLed", isInput: false);
        }

        if (options.Buzzer is { } buzzer)
        {
            Use(buzzer, "Gpio:Buzzer", isInput: false);
            CheckBuzzer(buzzer, errors);
        }

        if (options.RgbLed is { } rgb)
        {
            CheckRgbLed(rgb, resolver, uses, errors);
        }

        CheckSharedLines(uses, errors);
        CheckSafeLevels(options.SafeLevels, resolver, uses, errors);
        return errors;
    }

    /// <summary>Throws <see cref="GpioConfigurationException"/> listing every problem of <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(GpioOptions options, int headerChip)
    {
        var errors = Validate(options, headerChip);
        if (errors.Count > 0)
        {
            throw new GpioConfigurationException(errors);
        }
    }

    private static void CheckCondition(DecisionCondition when, string key, List<string> errors, bool barcodeAllowed = true)
    {
        if (!when.IsSet)
        {
            errors.Add(barcodeAllowed
                ? $"{key}:When: missing; set Label (with MinScore), Ambiguous, NoMatch or Barcode"
                : $"{key}:When: missing; set Label (with MinScore), Ambiguous or NoMatch");
        }

        if (when.Barcode is { } barcode)
        {
            CheckBarcodeCondition(when, barcode, key, errors, barcodeAllowed);
        }

        if (when.NoMatch == true && when.Label is not null)
        {
            errors.Add($"{key}:When: NoMatch true and Label '{when.Label}' can never both hold; remove one");
        }

        if (when.MinScore is < 0 or > 1 || float.IsNaN(when.MinScore))
        {
            errors.Add($"{key}:When:MinScore: {when.MinScore.ToString(CultureInfo.InvariantCulture)} is outside 0-1");
        }
    }

    private static void CheckBarcodeCondition(DecisionCondition when, BarcodeCondition barcode, string key, List<string> errors, bool allowed)
    {
        if (!allowed)
        {
            errors.Add($"{key}:When:Barcode: a colour follows decisions; use an indicator or the buzzer for scans");
            return;
        }

        if (when.IsDecisionRule)
        {
            errors.Add($"{key}:When: Barcode cannot be combined with Label, Ambiguous or NoMatch; a rule follows either decisions or scans");
        }

        if (barcode.Format is { Length: > 0 } format && !string.Equals(format, BarcodeCondition.AnyFormat, StringComparison.OrdinalIgnoreCase)
            && !(Enum.TryParse(format, ignoreCase: true, out ZXing.BarcodeFormat parsed) && !format.Trim().All(char.IsDigit)
                 && System.Numerics.BitOperations.IsPow2((uint)parsed)))
        {
            errors.Add($"{key}:When:Barcode:Format: '{format}' is not a symbology name as ZXing spells it (e.g. EAN_13, QR_CODE) nor any");
        }

        if (barcode.Match is { Length: > 0 } pattern)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:When:Barcode:Match: '{pattern}' is not a regular expression ({ex.Message})");
            }
        }
    }

    private static void CheckIndicator(IndicatorOptions indicator, string key, List<string> errors)
    {
        CheckCondition(indicator.When, key, errors);
        if (indicator.Mode == IndicatorMode.Pulse && indicator.DurationMs <= 0)
        {
            errors.Add($"{key}:DurationMs: {indicator.DurationMs} must be more than 0 for mode pulse");
        }

        if (indicator.Mode == IndicatorMode.Blink && indicator.BlinkPeriodMs < MinBlinkPeriodMs)
        {
            errors.Add($"{key}:BlinkPeriodMs: {indicator.BlinkPeriodMs} must be at least {MinBlinkPeriodMs} for mode blink");
        }
    }

    private static void CheckBuzzer(BuzzerOptions buzzer, List<string> errors)
    {
        CheckCondition(buzzer.When, "Gpio:Buzzer", errors);
        if (buzzer.DurationMs <= 0)
        {
            errors.Add($"Gpio:Buzzer:DurationMs: {buzzer.DurationMs} must be more than 0");
        }

        if (buzzer.Mode == BuzzerMode.Tone && buzzer.FrequencyHz is < 1 or > BuzzerOptions.MaxToneHz)
        {
            errors.Add($"Gpio:Buzzer:FrequencyHz: {buzzer.FrequencyHz} is outside 1-{BuzzerOptions.MaxToneHz} (software tone)");
        }
    }

    private static void CheckRgbLed(RgbLedOptions rgb, GpioLineResolver resolver, List<LineUse> uses, List<string> errors)
    {
        foreach (var (pin, name) in new[] { (rgb.RedPin, "RedPin"), (rgb.GreenPin, "GreenPin"), (rgb.BluePin, "BluePin") })
        {
            var key = $"Gpio:RgbLed:{name}";
            if (resolver.TryResolvePin(pin, key, out var line, out var error))
            {
                uses.Add(new LineUse(key, line, IsInput: false));
            }
            else
            {
                errors.Add(error);
            }
        }

        for (var i = 0; i < rgb.Rules.Count; i++)
        {
            CheckCondition(rgb.Rules[i].When, $"Gpio:RgbLed:Rules:{i}", errors, barcodeAllowed: false);
        }
    }

    private static void CheckTrigger(TriggerOptions trigger, string key, List<string> errors)
    {
        if (trigger.DebounceMs < 0)
        {
            errors.Add($"{key}:DebounceMs: {trigger.DebounceMs} must be 0 or more");
        }

        if (trigger.BurstFrames < 0)
        {
            errors.Add($"{key}:BurstFrames: {trigger.BurstFrames} must be 0 or more");
        }

        if (trigger.BurstSeconds < 0 || double.IsNaN(trigger.BurstSeconds))
        {
            errors.Add($"{key}:BurstSeconds: {trigger.BurstSeconds.ToString(CultureInfo.InvariantCulture)} must be 0 or more");
        }

        if (trigger.Mode == TriggerMode.Trigger && trigger.BurstFrames <= 0 && !(trigger.BurstSeconds > 0))
        {
            errors.Add($"{key}: mode trigger needs BurstFrames or BurstSeconds above 0 (the burst after each trigger)");
        }
    }

    private static void CheckSharedLines(List<LineUse> uses, List<string> errors)
    {
        for (var i = 0; i < uses.Count; i++)
        {
            var first = uses.FindIndex(u => u.Line == uses[i].Line);
            if (first == i)
            {
                continue;
            }

            var (owner, user) = (uses[first], uses[i]);
            if (owner.IsInput != user.IsInput)
            {
                var (output, input) = owner.IsInput ? (user, owner) : (owner, user);
                errors.Add($"{output.Key}: {output.Line} is the input line of {input.Key}; an output rule cannot drive an input line");
            }
            else
            {
                errors.Add($"{user.Key}: {user.Line} is already used by {owner.Key}; each line can be used once");
            }
        }
    }

    private static void CheckSafeLevels(
        Dictionary<string, int> safeLevels, GpioLineResolver resolver, List<LineUse> uses, List<string> errors)
    {
        foreach (var (pinText, level) in safeLevels)
        {
            var key = $"Gpio:SafeLevels:{pinText}";
            if (!int.TryParse(pinText, NumberStyles.None, CultureInfo.InvariantCulture, out var pin))
            {
                errors.Add($"{key}: '{pinText}' is not a pin number");
                continue;
            }

            if (!resolver.TryResolvePin(pin, key, out var line, out var error))
            {
                errors.Add(error);
                continue;
            }

            var use = uses.Find(u => u.Line == line);
            if (use is null)
            {
                errors.Add($"{key}: no output is configured on pin {pin}");
            }
            else if (use.IsInput)
            {
                errors.Add($"{key}: pin {pin} is the input line of {use.Key}; a safe level is for outputs only");
            }

            if (level is not (0 or 1))
            {
                errors.Add($"{key}: level {level} must be 0 or 1");
            }
        }
    }

    private sealed record LineUse(string Key, GpioLine Line, bool IsInput);
}
