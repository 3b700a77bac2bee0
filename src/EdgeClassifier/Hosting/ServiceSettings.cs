using EdgeClassifier.Decisions;
using EdgeClassifier.Fleet;
using EdgeClassifier.Hardware.Camera;
using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Inference;
using EdgeClassifier.Outputs.Gpio;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Security;
using EdgeClassifier.Web;
using Microsoft.Extensions.Configuration;

namespace EdgeClassifier.Hosting;

/// <summary>
/// Every options section the service reads, bound and validated together at start so that all configuration
/// problems are reported at once, each naming its key, before any camera or model is opened.
/// </summary>
public sealed class ServiceSettings
{
    public required ModelOptions Model { get; init; }

    public required ClassificationOptions Classification { get; init; }

    public required DecisionOptions Decision { get; init; }

    public required PipelineOptions Pipeline { get; init; }

    public required RuntimeOptions Runtime { get; init; }

    public required CameraOptions Camera { get; init; }

    /// <summary>The model-rollout keys of section <c>Model</c> (public key, validation dataset, limits).</summary>
    public required RolloutOptions Rollout { get; init; }

    /// <summary>Whether MQTT output runs (<c>Mqtt:Enabled</c>, default true; no <c>Mqtt:Host</c> = embedded broker).</summary>
    public bool MqttEnabled { get; init; } = true;

    /// <summary>The live page, API, metrics and health endpoints.</summary>
    public required WebOptions Web { get; init; }

    /// <summary>The GPIO section, or null when the configuration has none (the service then runs without GPIO).</summary>
    public GpioOptions? Gpio { get; init; }

    /// <summary>Binds and validates; <paramref name="errors"/> receives one message per problem.</summary>
    public static ServiceSettings Load(IConfiguration configuration, List<string> errors)
    {
        var settings = new ServiceSettings
        {
            Model = OptionsBinder.Bind<ModelOptions>(configuration, ModelOptions.Section, errors),
            Classification = OptionsBinder.Bind<ClassificationOptions>(configuration, ClassificationOptions.Section, errors),
            Decision = OptionsBinder.Bind<DecisionOptions>(configuration, DecisionOptions.Section, errors),
            Pipeline = OptionsBinder.Bind<PipelineOptions>(configuration, PipelineOptions.Section, errors),
            Runtime = OptionsBinder.Bind<RuntimeOptions>(configuration, RuntimeOptions.Section, errors),
            Camera = OptionsBinder.Bind<CameraOptions>(configuration, CameraOptions.SectionName, errors),
            Web = OptionsBinder.Bind<WebOptions>(configuration, WebOptions.SectionName, errors),
            Rollout = OptionsBinder.Bind<RolloutOptions>(configuration, RolloutOptions.Section, errors),
            MqttEnabled = !string.Equals(configuration["Mqtt:Enabled"], "false", StringComparison.OrdinalIgnoreCase),
            Gpio = configuration.GetSection(GpioOptions.SectionName).Exists()
                ? OptionsBinder.Bind<GpioOptions>(configuration, GpioOptions.SectionName, errors)
                : null,
        };

        if (string.IsNullOrWhiteSpace(settings.Model.Path))
        {
            settings.Model.Path = DefaultModelLocator.Find();
        }

        errors.AddRange(settings.Model.Validate());
        errors.AddRange(settings.Classification.Validate());
        errors.AddRange(settings.Decision.Validate());
        errors.AddRange(settings.Pipeline.Validate());
        errors.AddRange(settings.Runtime.Validate());
        errors.AddRange(settings.Camera.Validate());
        var users = OptionsBinder.Bind<UsersOptions>(configuration, UsersOptions.SectionName, errors);
        errors.AddRange(settings.Web.Validate(haveUsers: SecretFiles.Resolve(users.PasswordFile, UserStore.CredentialName) is not null));
        errors.AddRange(settings.Rollout.Validate());
        if (settings.Gpio is not null)
        {
            int headerChip = RaspberryPiPins.HeaderChip(GpioChipReader.ListChips());
            errors.AddRange(GpioOptionsValidator.Validate(settings.Gpio, headerChip));
            int chip = GpioChipPath.TryParse(settings.Gpio.Chip, out int configured) ? configured : headerChip;
            if (!File.Exists(GpioChipPath.DevicePath(chip)))
            {
                errors.Add($"Gpio:Chip: cannot open GPIO chip gpiochip{chip}: {GpioChipPath.DevicePath(chip)} does not exist (remove the Gpio section to run without GPIO).");
            }
        }

        return settings;
    }
}
