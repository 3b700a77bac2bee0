using EdgeClassifier.Hardware.Gpio;
using EdgeClassifier.Outputs.Gpio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>
/// The service registered as `run` registers it, stopped and disposed by the host. Found by the VM test: the host
/// disposes <see cref="GpioOutputService"/> twice, which aborted the process on every stop when a trigger was set.
/// </summary>
public sealed class HostDisposalTests
{
    [Fact]
    public async Task HostWithATriggerStopsAndDisposesWithoutThrowing()
    {
        var chips = new RecordingChipFactory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Indicators:0:Pin"] = "17",
            ["Gpio:Indicators:0:When:NoMatch"] = "true",
            ["Gpio:Triggers:0:Pin"] = "4",
            ["Gpio:Triggers:0:Mode"] = "trigger",
            ["Gpio:Triggers:0:BurstFrames"] = "3",
        });
        builder.Services.AddSingleton<IGpioDriverFactory>(chips);
        builder.Services.AddEdgeGpio(builder.Configuration);
        var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
        var error = Record.Exception(host.Dispose);

        Assert.Null(error);
        Assert.True(chips.Driver().IsDisposed);
    }
}
