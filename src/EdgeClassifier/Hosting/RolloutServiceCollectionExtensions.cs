using EdgeClassifier.Fleet;
using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Settings;
using EdgeClassifier.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting;

/// <summary>Registers the model rollout behind the <c>model</c>, <c>install</c> and <c>rollback</c> commands.</summary>
public static class RolloutServiceCollectionExtensions
{
    /// <summary>
    /// Binds the rollout keys of section <c>Model</c> (validated at start) and adds <see cref="ModelRollout"/> as
    /// <see cref="IModelRollout"/>, downloading into <c>State:Directory/models</c>. Needs an <see cref="IRolloutHost"/>.
    /// </summary>
    public static IServiceCollection AddModelRollout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RolloutOptions>().BindSection(configuration, RolloutOptions.Section, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddSingleton(sp => new RolloutStore(sp.GetRequiredService<IOptions<StateOptions>>().Value.PathFor("models")));
        services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });
        services.AddSingleton(sp =>
        {
            RolloutOptions options = sp.GetRequiredService<IOptions<RolloutOptions>>().Value;
            RolloutStore store = sp.GetRequiredService<RolloutStore>();
            return new ModelRollout(
                options,
                store,
                new ModelDownloader(sp.GetRequiredService<HttpClient>(), store.Directory, options.MaxDownloadMegabytes * 1024L * 1024L),
                string.IsNullOrWhiteSpace(options.PublicKey) ? null : RolloutOptions.LoadPublicKey(options.PublicKey, out _),
                sp.GetRequiredService<IRolloutHost>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelRollout>());
        });
        services.AddSingleton<IModelRollout>(sp => sp.GetRequiredService<ModelRollout>());
        return services;
    }
}
