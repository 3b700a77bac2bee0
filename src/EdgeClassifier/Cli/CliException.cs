using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// Bad input from the user (a file, an option, a config value). The CLI prints its message as one line and exits
/// with <see cref="ExitCodes.BadInput"/>; no stack trace, because the message already says what is wrong.
/// </summary>
public sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);
