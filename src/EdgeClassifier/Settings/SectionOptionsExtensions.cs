using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Settings;

/// <summary>
/// The one way the service reads a configuration section: <c>services.AddOptions&lt;T&gt;().BindSection(configuration,
/// "Name", static (section, o) =&gt; section.Bind(o), check)</c>. Binding never throws; each value that cannot be converted becomes a message naming the key,
/// the value and what is allowed (<see cref="OptionsBinder"/>), reported with the type's own checks by an
/// <see cref="IValidateOptions{TOptions}"/> at start, before any model loads or camera opens (<c>ValidateOnStart</c>).
/// </summary>
public static class SectionOptionsExtensions
{
    /// <summary>
    /// What trimming must keep of an options type: the constructor the options factory calls and the properties
    /// <see cref="OptionsBinder"/> checks.
    /// </summary>
    public const DynamicallyAccessedMemberTypes BoundType =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>Binds <paramref name="sectionName"/> and validates it at start with <paramref name="check"/>.</summary>
    /// <param name="builder">From <c>services.AddOptions&lt;T&gt;()</c>.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="sectionName">The section, e.g. <c>Model</c>.</param>
    /// <param name="bind">
    /// <c>static (section, o) =&gt; section.Bind(o)</c> at the call site, where <typeparamref name="T"/> is known, so
    /// the binding source generator writes it (see <see cref="OptionsBinder.BindInto{T}"/>).
    /// </param>
    /// <param name="check">The type's own rules, one message per problem; null when only conversion is checked.</param>
    public static OptionsBuilder<T> BindSection<[DynamicallyAccessedMembers(BoundType)] T>(
        this OptionsBuilder<T> builder,
        IConfiguration configuration,
        string sectionName,
        Action<IConfiguration, T> bind,
        Func<T, IEnumerable<string>>? check = null)
        where T : class
    {
        var problems = new ConditionalWeakTable<T, List<string>>();
        builder.Services.AddSingleton<IConfigureOptions<T>>(new ConfigureNamedOptions<T>(builder.Name, options =>
        {
            var errors = new List<string>();
            OptionsBinder.BindInto(configuration, sectionName, options, errors, bind);
            problems.AddOrUpdate(options, errors);
        }));
        builder.Services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(builder.Name, problems, check));
        return builder.ValidateOnStart();
    }

    private sealed class SectionValidator<T>(string? name, ConditionalWeakTable<T, List<string>> problems, Func<T, IEnumerable<string>>? check)
        : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            // Conversion problems first; the type's rules only make sense on values that converted.
            if (problems.TryGetValue(options, out List<string>? conversion) && conversion.Count > 0)
            {
                return ValidateOptionsResult.Fail(conversion);
            }

            var errors = check?.Invoke(options).ToList() ?? [];
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
