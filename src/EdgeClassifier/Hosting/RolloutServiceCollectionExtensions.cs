using EdgeClassifier.Fleet;
using EdgeClassifier.Outputs.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Hosting;

/// <summary>Registers the model rollout behind the <c>model</c>, <c>install</c> and <c>rollback</c> commands.</summary>
public static class RolloutServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ModelRollout"/> as <see cref="IModelRollout"/>, downloading into <paramref name="store"/>'s folder.</summary>
    public static IServiceCollection AddModelRollout(this IServiceCollection services, RolloutOptions options, RolloutStore store,
        Func<IServiceProvider, IRolloutHost> host)
    {
        services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });
        services.AddSingleton(sp => new ModelRollout(
            options,
            store,
            new ModelDownloader(sp.GetRequiredService<HttpClient>(), store.Directory, options.MaxDownloadMegabytes * 1024L * 1024L),
            string.IsNullOrWhiteSpace(options.PublicKey) ? null : RolloutOptions.LoadPublicKey(options.PublicKey, out _),
            host(sp),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelRollout>()));
        services.AddSingleton<IModelRollout>(sp => sp.GetRequiredService<ModelRollout>());
        return services;
    }
}
