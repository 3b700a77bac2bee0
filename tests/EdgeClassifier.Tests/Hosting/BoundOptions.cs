using EdgeClassifier.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>Binds the frame-path sections the way the service does (<c>AddEdgeCoreOptions</c>) from in-memory values.</summary>
public static class BoundOptions
{
    /// <summary>The bound <typeparamref name="T"/>, or null with the validation messages.</summary>
    public static (T? Options, IReadOnlyList<string> Errors) Bind<T>(Dictionary<string, string?> values)
        where T : class
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using ServiceProvider services = new ServiceCollection().AddEdgeCoreOptions(configuration).BuildServiceProvider();
        try
        {
            return (services.GetRequiredService<IOptionsFactory<T>>().Create(Microsoft.Extensions.Options.Options.DefaultName), []);
        }
        catch (OptionsValidationException ex)
        {
            return (null, ex.Failures.ToList());
        }
    }
}
