using EdgeClassifier.Hosting.Systemd;
using EdgeClassifier.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ISystemdNotifier = Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier;
using SystemdLifetime = Microsoft.Extensions.Hosting.Systemd.SystemdLifetime;

namespace EdgeClassifier.Tests.Hosting;

/// <summary>Builds a host the way the service does, with the systemd variables a unit would set.</summary>
internal static class WatchdogHost
{
    public static IHost Build(
        IPipelineProgress progress,
        SystemdEnvironment environment,
        IDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(progress);
        builder.Services.AddSystemdWatchdog(builder.Configuration, _ => TimeSpan.FromMilliseconds(33), environment);

        // What UseSystemd() registers when systemd starts the process; the test runner is not systemd, so register
        // it directly, sending through the same socket.
        builder.Services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<SystemdNotifier>());
        builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        return builder.Build();
    }
}
