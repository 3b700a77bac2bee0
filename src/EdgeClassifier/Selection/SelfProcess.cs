using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace EdgeClassifier.Selection;

/// <summary>
/// Runs one of this program's own commands in a child process — so that what the child measures (peak memory above
/// all, which never goes down within a process) belongs to that command alone.
/// </summary>
public static class SelfProcess
{
    /// <summary>What the child printed and how it exited.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The child's last stderr line without the program prefix, for a one-line reason.</summary>
        public string LastError => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault()?.Replace("edgeclassifier: ", string.Empty, StringComparison.Ordinal) ?? $"exit code {ExitCode}";
    }

    /// <summary>Runs <c>edgeclassifier <paramref name="args"/></c> and waits up to <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The child did not finish in time (it is killed).</exception>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "Assembly.Location is read only when the dotnet host started the program from its .dll; a single-file or Native AOT program is its own executable.")]
    public static Result Run(IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Started as `dotnet edgeclassifier.dll`, the host needs the assembly again; a published app host does not.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edgeclassifier {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalSeconds:F0} s");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
