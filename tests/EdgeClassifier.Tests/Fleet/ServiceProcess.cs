using System.Diagnostics;
using System.Text;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// The real <c>edgeclassifier run</c> as a background process (the service under test), with its output captured.
/// Stopped with SIGTERM, as systemd stops it.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>edgeclassifier <paramref name="args"/></c> in <paramref name="workingDirectory"/>.</summary>
    public static ServiceProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgeclassifier.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ServiceProcess(Process.Start(start)!);
    }

    /// <summary>SIGTERM, then waits up to 20 s (killing it after that).</summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }

        Mqtt.MosquittoBroker.RunTool("kill", $"-TERM {_process.Id}");
        if (!_process.WaitForExit(20_000))
        {
            _process.Kill(entireProcessTree: true);
        }

        // Only the overload without a timeout waits for the redirected output to reach its end: the last lines the
        // service wrote at stop (its summaries) are otherwise still on their way when a test reads Output.
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
