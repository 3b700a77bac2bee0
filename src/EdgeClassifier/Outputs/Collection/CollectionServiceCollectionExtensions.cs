using EdgeClassifier.Pipeline;
using EdgeClassifier.Settings;
using EdgeClassifier.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Collection;

/// <summary>Registers the collection of hard frames.</summary>
public static class CollectionServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Collect</c> and validates it at start (always, so a wrong value stops the service even while
    /// collecting is off; <c>Directory</c> defaults to <c>collected</c> in <c>State:Directory</c>). With
    /// <c>Collect:Enabled=true</c> also registers the frame tap with its writer thread and its hosted service.
    /// </summary>
    public static IServiceCollection AddEdgeCollection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEdgeState(configuration);
        services.AddOptions<CollectOptions>().BindSection(configuration, CollectOptions.Section, static (section, o) => section.Bind(o), o => o.Validate())
            .PostConfigure<IOptions<StateOptions>>((o, state) =>
            {
                try
                {
                    o.Directory = o.Directory.Length == 0 ? state.Value.PathFor("collected") : o.Directory;
                }
                catch (OptionsValidationException)
                {
                    // A bad State:Directory is reported by its own check; there is no default to give then.
                }
            });
        if (!string.Equals(configuration[$"{CollectOptions.Section}:Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            CollectOptions o = sp.GetRequiredService<IOptions<CollectOptions>>().Value;
            var store = new CollectedFrameStore(o.Directory, o.MaxFiles, (long)(o.MaxMegabytes * 1024 * 1024), o.Width, o.Quality);
            return new FrameCollector(o, store, () => sp.GetService<IModelInfo>()?.ModelName, sp.GetRequiredService<ILogger<FrameCollector>>());
        });
        services.AddSingleton<IFrameTap>(sp => sp.GetRequiredService<FrameCollector>());
        services.AddHostedService<FrameCollectionService>();
        return services;
    }
}
