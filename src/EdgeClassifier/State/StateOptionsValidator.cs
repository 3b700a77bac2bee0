using Microsoft.Extensions.Options;

namespace EdgeClassifier.State;

/// <summary>Checks <see cref="StateOptions"/> after <see cref="StateDirectoryResolver"/> has filled the defaults.</summary>
public sealed class StateOptionsValidator : IValidateOptions<StateOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        string? problem = Check(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    /// <summary>The problem with <paramref name="options"/>, or null.</summary>
    public static string? Check(StateOptions options)
    {
        if (options.Directory.Length == 0)
        {
            return "State:Directory is not set and none of $STATE_DIRECTORY, $XDG_STATE_HOME, $HOME names an absolute directory; set State:Directory.";
        }

        if (!Path.IsPathFullyQualified(options.Directory))
        {
            return $"State:Directory: '{options.Directory}' must be an absolute path (state never goes in the current directory).";
        }

        if (File.Exists(options.Directory))
        {
            return $"State:Directory: '{options.Directory}' is a file, not a directory.";
        }

        return WritableDirectory.Problem(options.Directory) is { } cause
            ? $"State:Directory: '{options.Directory}' is not writable: {cause}"
            : null;
    }
}
