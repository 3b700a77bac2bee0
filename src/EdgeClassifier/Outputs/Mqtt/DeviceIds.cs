namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// The identifier rule Home Assistant applies to discovery ids, <c>[a-zA-Z0-9][a-zA-Z0-9_-]*</c>, for device ids and
/// the object ids derived from them. A leading <c>_</c> is also refused: fleet topics such as <c>_all</c> use it.
/// </summary>
public static class DeviceIds
{
    /// <summary>Why <paramref name="id"/> breaks the rule, naming the first bad character; <c>null</c> when it is valid.</summary>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "must not be empty";
        }

        for (int i = 0; i < id.Length; i++)
        {
            if (!IsAllowed(id[i], first: i == 0))
            {
                string where = i == 0 ? "starts with" : $"has at position {i + 1}";
                return $"'{Printable(id)}' {where} {Describe(id[i])}; use letters, digits, '_' and '-' only, " +
                       "starting with a letter or digit (Home Assistant ignores other ids, and '_' starts fleet topics such as _all)";
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="name"/> made valid: lower case, every other character replaced by '_', leading characters that
    /// cannot start an id dropped; <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string Sanitize(string name, string fallback)
    {
        string mapped = new(name.ToLowerInvariant().Select(c => IsAllowed(c, first: false) ? c : '_').ToArray());
        string trimmed = mapped.TrimStart('_', '-');
        return trimmed.Length == 0 ? fallback : trimmed;
    }

    private static bool IsAllowed(char c, bool first) => char.IsAsciiLetterOrDigit(c) || (!first && c is '_' or '-');

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        _ when char.IsControl(c) || c > '~' => $"'{(char.IsControl(c) ? "" : c.ToString())}' (U+{(int)c:X4})",
        _ => $"'{c}'",
    };

    private static string Printable(string id) => new(id.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
