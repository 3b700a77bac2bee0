using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Hosting;

/// <summary>
/// Finds the hosted service whose <c>ExecuteAsync</c> ended with an exception. The .NET host stops when that happens
/// but returns normally, so without this check <c>run</c> would exit 0 and systemd's <c>Restart=on-failure</c> would
/// never restart a service that died.
/// </summary>
public static class HostedServiceFailure
{
    /// <summary>
    /// The hosted services to check later, taken before the host runs: <c>Run</c> disposes the service provider.
    /// </summary>
    public static IHostedService[] Of(IServiceProvider services) => services.GetServices<IHostedService>().ToArray();

    /// <summary>The first failed service as (part, cause), or null when none failed.</summary>
    public static (string Part, Exception Cause)? Find(IEnumerable<IHostedService> services)
    {
        foreach (var service in services)
        {
            if (service is BackgroundService { ExecuteTask: { IsFaulted: true } task })
            {
                var cause = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
                return (service.GetType().Name, cause);
            }
        }

        return null;
    }
}
