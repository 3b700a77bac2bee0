using System.Diagnostics.CodeAnalysis;
using EdgeClassifier.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting;

/// <summary>
/// Reads an options section as the configuration says now — after a <c>reload</c> re-read the files — through the same
/// binding and checks that ran at start. <c>IOptions&lt;T&gt;</c> keeps the values of the start.
/// </summary>
/// <param name="services">The host's services.</param>
public sealed class CurrentOptions(IServiceProvider services)
{
    /// <summary>A freshly bound and validated <typeparamref name="T"/>.</summary>
    /// <exception cref="OptionsValidationException">The section now holds a bad value.</exception>
    public T Get<[DynamicallyAccessedMembers(SectionOptionsExtensions.BoundType)] T>()
        where T : class => services.GetRequiredService<IOptionsFactory<T>>().Create(Options.DefaultName);
}
