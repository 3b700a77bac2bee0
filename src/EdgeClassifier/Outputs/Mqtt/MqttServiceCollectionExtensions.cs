using EdgeClassifier.Outputs.Mqtt.Broker;
using EdgeClassifier.Outputs.Snapshots;
using EdgeClassifier.Security;
using EdgeClassifier.Settings;
using EdgeClassifier.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Registers the MQTT output.</summary>
public static class MqttServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Mqtt</c>, validates it at start, and registers <see cref="MqttOutputService"/> as a singleton
    /// and hosted service. Frames for snapshots come from <see cref="ISnapshotFrameProvider"/>; unless the pipeline
    /// registers its own, it is the <see cref="LatestFrameBuffer"/> singleton the pipeline offers frames to.
    /// Register <see cref="Pipeline.IPipelineControl"/>, <see cref="Pipeline.IPipelineStatsSource"/> and <see cref="Pipeline.IModelInfo"/> to
    /// enable commands, stats and the model name.
    /// </summary>
    public static IServiceCollection AddEdgeMqtt(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEdgeState(configuration);
        services.AddOptions<MqttOptions>().BindSection(configuration, MqttOptions.SectionName, static (section, o) => section.Bind(o));
        services.AddSingleton<IPostConfigureOptions<MqttOptions>, MqttOptionsDefaults>();
        services.AddSingleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>();
        services.AddSingleton<IValidateOptions<MqttOptions>, EmbeddedBrokerOptionsValidator>();
        services.AddEdgeUsers(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LatestFrameBuffer>();
        services.TryAddSingleton<ISnapshotFrameProvider>(provider => provider.GetRequiredService<LatestFrameBuffer>());
        services.AddSingleton<MqttOutputService>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttOutputService>());
        return services;
    }
}
