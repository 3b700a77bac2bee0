using System.Diagnostics;

namespace EdgeClassifier.Tests.Cli;

/// <summary>
/// Runs the real <c>edgeclassifier</c> program (built next to the tests) as a separate process, in a fresh temporary
/// working directory with <c>$STATE_DIRECTORY</c> inside it, so no run leaves state in the repository or the home
/// directory (a caller may pass its own <c>STATE_DIRECTORY</c>).
/// </summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(2), args);

    public static Result Run(TimeSpan timeout, params string[] args) => Run(timeout, new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (e.g. NOTIFY_SOCKET as systemd would set it).</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithInput(timeout, environment, null, args);

    /// <summary>Runs with <paramref name="input"/> written to standard input (then closed), when not null.</summary>
    public static Result RunWithInput(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, string? input, params string[] args)
    {
        using var workingDirectory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory.Path,
        };
        start.Environment["STATE_DIRECTORY"] = workingDirectory.File("state");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgeclassifier.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edgeclassifier {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
