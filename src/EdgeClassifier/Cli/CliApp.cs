using System.CommandLine;
using EdgeClassifier.Inference;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>The <c>edgeclassifier</c> command line: one subcommand per file in this folder.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("EdgeClassifier: on-device image classification for cameras, MQTT and GPIO.");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"edgeclassifier: {error.Message}");
            }

            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is CliException or ModelLoadException)
        {
            Console.Error.WriteLine($"edgeclassifier: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static IEnumerable<Command> Commands()
    {
        // Each command lives in its own file; keep this list in the order `--help` should show.
        yield return RunCommand.Create();
        yield return ClassifyCommand.Create();
        yield return ScanCommand.Create();
        yield return DevicesCommand.Create();
        yield return GpioCommand.Create();
        yield return ImportCommand.Create();
        yield return EvalCommand.Create();
        yield return TrainCommand.Create();
        yield return BenchCommand.Create();
        yield return CompareCommand.Create();
        yield return DiagnoseCommand.Create();
        yield return FleetCommand.Create();
        yield return PasswdCommand.Create();
    }
}
