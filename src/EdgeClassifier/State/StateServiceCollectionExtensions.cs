using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.State;

/// <summary>Registers the state directory options.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>State</c>, resolves its default from the environment and validates it at start. Every part that
    /// keeps state calls this; only the first call registers.
    /// </summary>
    public static IServiceCollection AddEdgeState(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<StateOptions>)))
        {
            return services;
        }

        services.AddOptions<StateOptions>().BindSection(configuration, StateOptions.SectionName, static (section, o) => section.Bind(o));
        services.AddSingleton<IPostConfigureOptions<StateOptions>>(new StateDirectoryResolver());
        services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsValidator>();
        return services;
    }
}
