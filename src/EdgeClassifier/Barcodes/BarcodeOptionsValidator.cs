using Microsoft.Extensions.Options;

namespace EdgeClassifier.Barcodes;

/// <summary>Rejects <see cref="BarcodeOptions"/> the decoder cannot use, naming the key at fault, before anything opens.</summary>
public sealed class BarcodeOptionsValidator : IValidateOptions<BarcodeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BarcodeOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
