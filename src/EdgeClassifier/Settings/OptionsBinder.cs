using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EdgeClassifier.Settings;

/// <summary>
/// Binds a configuration section to an options class and reports each value that cannot be converted as its own
/// message naming the key, the value and what is allowed — instead of the binder's first exception. Also accepts
/// comma-separated lists for number and name arrays (<c>--Model:RegionOfInterest=0.1,0.1,0.9,0.9</c>,
/// <c>--Runtime:Providers=cuda,cpu</c>).
/// </summary>
public static class OptionsBinder
{
    /// <summary>Binds <paramref name="sectionName"/> into <paramref name="options"/>, adding problems to <paramref name="errors"/>.</summary>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="sectionName">The section, e.g. <c>Model</c>.</param>
    /// <param name="options">The object to fill.</param>
    /// <param name="errors">Receives one message per value that cannot be converted.</param>
    /// <param name="bind">
    /// <c>(section, o) =&gt; section.Bind(o)</c>, written where <typeparamref name="T"/> is a known type: there the
    /// configuration binding source generator writes the binding at compile time, so trimmed and Native AOT builds bind
    /// without reflection (a call here, on a type parameter, would fall back to the reflection binder).
    /// </param>
    public static void BindInto<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        IConfiguration configuration, string sectionName, T options, ICollection<string> errors, Action<IConfiguration, T> bind)
        where T : notnull
    {
        IConfigurationSection section = configuration.GetSection(sectionName);
        var listValues = new List<(PropertyInfo Property, object Values)>();
        bool convertible = true;
        foreach (PropertyInfo property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string key = $"{sectionName}:{property.Name}";
            string? text = section[property.Name];
            if (text is null)
            {
                continue;
            }

            if (property.PropertyType == typeof(float[]))
            {
                if (TryParseList(text, out float[] values))
                {
                    listValues.Add((property, values));
                }
                else
                {
                    errors.Add($"{key}: '{text}' is not a list of numbers (e.g. 0.1,0.2,0.9,0.8).");
                    convertible = false;
                }

                continue;
            }

            if (property.PropertyType == typeof(string[]))
            {
                listValues.Add((property, text.Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                continue;
            }

            if (Problem(property.PropertyType, text) is { } problem)
            {
                errors.Add($"{key}: '{text}' is not valid; {problem}.");
                convertible = false;
            }
        }

        if (!convertible)
        {
            return;
        }

        try
        {
            bind(section, options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{sectionName}: {ex.Message}");
        }

        foreach (var (property, values) in listValues)
        {
            property.SetValue(options, values);
        }
    }

    private static string? Problem(Type type, string text)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return Enum.TryParse(target, text, ignoreCase: true, out object? value) && Enum.IsDefined(target, value!) && !text.Trim().All(char.IsDigit)
                ? null
                : $"allowed values are {string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant()))}";
        }

        if (text.Length == 0 && type != target)
        {
            return null;
        }

        return target switch
        {
            _ when target == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "expected a whole number",
            _ when target == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "expected a whole number",
            _ when target == typeof(double) || target == typeof(float) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "expected a number",
            _ when target == typeof(bool) => bool.TryParse(text, out _) ? null : "expected true or false",
            _ when target == typeof(TimeSpan) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _) ? null : "expected a time span such as 00:00:05",
            _ => null,
        };
    }

    private static bool TryParseList(string text, out float[] values)
    {
        string[] parts = text.Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
