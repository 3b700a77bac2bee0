using EdgeClassifier.Pipeline;
using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting.Systemd;

/// <summary>Registers the systemd watchdog, status lines and the stuck-inference detector.</summary>
public static class SystemdWatchdogServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WatchdogService"/>, <see cref="SystemdNotifier"/> and the <see cref="InferenceWatchdog"/>
    /// (both hosted services), with <see cref="WatchdogOptions"/> bound from the <c>Watchdog</c> section of
    /// <paramref name="configuration"/> and validated at start. The caller registers <c>IPipelineProgress</c> and
    /// calls <c>UseSystemd()</c> for READY=1/STOPPING=1.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="inferenceBudget">Gives the pipeline's per-frame budget, e.g. from its own options.</param>
    public static IServiceCollection AddSystemdWatchdog(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, TimeSpan> inferenceBudget) =>
        services.AddSystemdWatchdog(configuration, inferenceBudget, SystemdEnvironment.FromProcess());

    // Tests pass the variables a systemd unit would set instead of changing the test process's environment.
    internal static IServiceCollection AddSystemdWatchdog(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, TimeSpan> inferenceBudget,
        SystemdEnvironment environment)
    {
        services.AddOptions<WatchdogOptions>().BindSection(configuration, WatchdogOptions.SectionName, static (section, o) => section.Bind(o));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchdogOptions>, WatchdogOptionsValidator>());
        // The watchdog's limit is budget x multiple: a budget it cannot use is a config error at start, not a failing service.
        services.AddSingleton<IValidateOptions<WatchdogOptions>>(sp => new WatchdogBudgetValidator(() => inferenceBudget(sp)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(environment);
        services.AddSingleton(sp => new SystemdNotifier(
            environment.NotifySocket, sp.GetRequiredService<ILogger<SystemdNotifier>>()));
        services.AddSingleton<WatchdogService>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchdogService>());
        services.AddSingleton(sp => new InferenceWatchdog(
            inferenceBudget(sp),
            sp.GetRequiredService<IPipelineProgress>(),
            sp.GetRequiredService<IOptions<WatchdogOptions>>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<InferenceWatchdog>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<InferenceWatchdog>());
        return services;
    }
}
