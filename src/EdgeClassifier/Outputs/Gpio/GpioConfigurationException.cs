namespace EdgeClassifier.Outputs.Gpio;

/// <summary>The <c>Gpio</c> section is invalid; <see cref="Errors"/> has one message per problem, each naming its key.</summary>
public sealed class GpioConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>One message per problem.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
