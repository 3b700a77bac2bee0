using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio.Triggers;
using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>Registers GPIO outputs and triggers when the configuration has a <c>Gpio</c> section.</summary>
public static class GpioServiceCollectionExtensions
{
    /// <summary>
    /// With a <c>Gpio</c> section: registers <see cref="GpioOutputService"/> (as itself and as a hosted service), its
    /// <see cref="TriggerGate"/>, and the libgpiod <see cref="IGpioDriverFactory"/> unless one is registered already.
    /// Without the section: registers nothing, so resolve those services with <c>GetService</c>.
    /// </summary>
    public static IServiceCollection AddEdgeGpio(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GpioOptions.SectionName);
        if (!section.Exists())
        {
            return services;
        }

        services.AddOptions<GpioOptions>().BindSection(configuration, GpioOptions.SectionName, static (section, o) => section.Bind(o));
        services.AddSingleton<IValidateOptions<GpioOptions>, GpioStartupValidator>();
        services.TryAddSingleton<IGpioDriverFactory, LibGpiodDriverFactory>();
        services.AddSingleton<GpioOutputService>();
        services.AddSingleton(sp => sp.GetRequiredService<GpioOutputService>().Triggers);
        services.AddHostedService(sp => sp.GetRequiredService<GpioOutputService>());
        return services;
    }
}
