using EdgeClassifier.Hosting;
using EdgeClassifier.Cli;

namespace EdgeClassifier.Tests.Gpio;

/// <summary><c>edgeclassifier gpio</c> run in-process on this machine.</summary>
[Collection(GpioConsoleCollection.Name)]
public sealed class GpioCommandTests
{
    [Fact]
    public void ListPrintsTheChipsOrSaysThereAreNone()
    {
        var (exitCode, output, error) = Run("gpio", "list");
        if (Directory.EnumerateFiles("/dev", "gpiochip*").Any())
        {
            Assert.Equal(ExitCodes.Success, exitCode);
            Assert.Contains("gpiochip", output);
        }
        else
        {
            Assert.Equal(ExitCodes.BadInput, exitCode);
            Assert.Equal("edgeclassifier: no GPIO chip found (no /dev/gpiochip* on this machine)", error.Trim());
        }
    }

    [AbsentDeviceFact("/dev/gpiochip7")]
    public void SetOnAMissingChipNamesIt()
    {
        var (exitCode, _, error) = Run("gpio", "set", "--chip", "/dev/gpiochip7", "--line", "17", "--value", "1");
        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.StartsWith("edgeclassifier: --chip: no GPIO chip gpiochip7 (/dev/gpiochip7 does not exist", error);
    }

    [Fact]
    public void PulseRejectsANonPositiveDuration()
    {
        var (exitCode, _, error) = Run("gpio", "pulse", "--chip", "0", "--line", "17", "--ms", "0");
        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal("edgeclassifier: --ms: 0 must be more than 0", error.Trim());
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (CliApp.Run(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}

/// <summary>Tests that redirect the process-wide console must not run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GpioConsoleCollection
{
    public const string Name = "GpioConsole";
}
