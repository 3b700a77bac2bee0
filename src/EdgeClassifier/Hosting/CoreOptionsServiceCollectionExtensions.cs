using EdgeClassifier.Decisions;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Inference;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Hosting;

/// <summary>Registers the sections of the frame path: Camera, Model, Runtime, Pipeline, Decision, Classification.</summary>
public static class CoreOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates each frame-path section at start (<see cref="SectionOptionsExtensions.BindSection{T}"/>),
    /// fills the default model path, and offers each options object as a plain singleton for the classes that take one.
    /// </summary>
    public static IServiceCollection AddEdgeCoreOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CameraOptions>().BindSection(configuration, CameraOptions.SectionName, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddOptions<ModelOptions>().BindSection(configuration, ModelOptions.Section, static (section, o) => section.Bind(o), o => o.Validate())
            .PostConfigure(o => o.Path = !string.IsNullOrWhiteSpace(o.Path) ? o.Path
                : o.Select == ModelSelectMode.Auto ? DefaultModelLocator.FindFolder() : DefaultModelLocator.Find());
        services.AddOptions<RuntimeOptions>().BindSection(configuration, RuntimeOptions.Section, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddOptions<PipelineOptions>().BindSection(configuration, PipelineOptions.Section, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddOptions<DecisionOptions>().BindSection(configuration, DecisionOptions.Section, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddOptions<ClassificationOptions>().BindSection(configuration, ClassificationOptions.Section, static (section, o) => section.Bind(o), o => o.Validate());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PipelineOptions>>().Value);
        return services;
    }
}
