using Microsoft.Extensions.Options;

namespace EdgeClassifier.Security;

/// <summary>Checks at start that the configured password file loads and names every operator.</summary>
public sealed class UsersOptionsValidator : IValidateOptions<UsersOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, UsersOptions options)
    {
        try
        {
            UserStore.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidDataException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
