namespace EdgeClassifier.Tests.Mqtt;

/// <summary>The broker tests run one after another: each starts processes, and the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MqttCollection
{
    public const string Name = "Mqtt broker";
}
