using System.Diagnostics;

namespace EdgeClassifier.Tests;

/// <summary>
/// Renders a Home Assistant template with the real Jinja2 (python3-jinja2), with <c>value</c> and <c>value_json</c>
/// bound the way Home Assistant binds them for an MQTT payload (<c>value_json</c> only when the payload is JSON).
/// Undefined is strict: a template that reads a field the payload lacks fails instead of rendering empty, so a test
/// sees the mistake Home Assistant would only log.
/// </summary>
public static class Jinja2
{
    private const string Script =
        "import sys, json, jinja2\n" +
        "template, value = sys.stdin.read().split('\\0')\n" +
        "variables = {'value': value}\n" +
        "try:\n" +
        "    variables['value_json'] = json.loads(value)\n" +
        "except ValueError:\n" +
        "    pass\n" +
        "environment = jinja2.Environment(undefined=jinja2.StrictUndefined)\n" +
        "sys.stdout.write(environment.from_string(template).render(**variables))\n";

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
        Assert.True(process.ExitCode == 0, $"Jinja2 failed (install python3-jinja2) on template {template} with payload {payload}: {error}");
        return output;
    }
}
