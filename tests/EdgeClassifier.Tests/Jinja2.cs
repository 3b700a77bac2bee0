using System.Diagnostics;

namespace EdgeClassifier.Tests;

/// <summary>
/// Renders a Home Assistant template with the real Jinja2 (python3-jinja2), with <c>value</c> and <c>value_json</c>
/// bound the way Home Assistant binds them for an MQTT payload.
/// </summary>
public static class Jinja2
{
    private const string Script =
        "import sys, json, jinja2\n" +
        "template, value = sys.stdin.read().split('\\0')\n" +
        "sys.stdout.write(jinja2.Environment().from_string(template).render(value=value, value_json=json.loads(value)))\n";

    public static string Render(string template, string payload)
    {
        var start = new ProcessStartInfo("python3", ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(template + "\0" + payload);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"Jinja2 failed (install python3-jinja2): {error}");
        return output;
    }
}
