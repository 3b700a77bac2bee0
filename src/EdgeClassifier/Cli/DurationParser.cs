using System.Globalization;

namespace EdgeClassifier.Cli;

/// <summary>Parses durations as people write them on a command line: <c>20s</c>, <c>500ms</c>, <c>5m</c>, <c>1h</c>, <c>00:00:20</c>.</summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        foreach (var (suffix, unit) in new[] { ("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && value > 0)
            {
                duration = TimeSpan.FromSeconds(value * unit);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>Parses the value of a duration option; null stays null, anything unparsable is a <see cref="CliException"/>.</summary>
    public static TimeSpan? ParseOption(string? text, string option) =>
        text is null ? null
        : TryParse(text, out TimeSpan duration) ? duration
        : throw new CliException($"{option} '{text}' is not a duration (e.g. 20s, 500ms, 5m, 1h).");
}
