using EdgeClassifier.Security;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Web;

/// <summary>Checks section <c>Web</c> at start, knowing whether users are configured (a LAN address needs them).</summary>
/// <param name="users">Section <c>Users</c>.</param>
public sealed class WebOptionsValidator(IOptions<UsersOptions> users) : IValidateOptions<WebOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        bool haveUsers;
        try
        {
            haveUsers = SecretFiles.Resolve(users.Value.PasswordFile, UserStore.CredentialName) is not null;
        }
        catch (OptionsValidationException)
        {
            // Section Users reports its own problem; check the rest of Web as if its users were there.
            haveUsers = true;
        }

        IReadOnlyList<string> errors = options.Validate(haveUsers);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
