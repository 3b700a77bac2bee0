namespace EdgeClassifier.Inference.Providers;

/// <summary>Reads the <c>flags</c> option of providers whose C# API takes a flags enum instead of key/value options.</summary>
internal static class ProviderFlags
{
    public static TFlags Parse<TFlags>(IReadOnlyDictionary<string, string> options, string provider)
        where TFlags : struct, Enum
    {
        if (!options.TryGetValue("flags", out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        return Enum.TryParse(text, ignoreCase: true, out TFlags flags)
            ? flags
            : throw new ArgumentException(
                $"Runtime:ProviderOptions:{provider}:flags '{text}' is not valid; allowed: {string.Join(", ", Enum.GetNames<TFlags>())}.");
    }
}
