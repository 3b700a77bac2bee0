using EdgeClassifier.Decisions;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>Hands decisions to the GPIO output thread through its bounded queue.</summary>
public sealed class GpioDecisionSink(GpioOutputService gpio) : IDecisionSink
{
    public string Name => "gpio";

    public bool TryPublish(Decision decision) => gpio.Decisions.TryWrite(decision);
}
