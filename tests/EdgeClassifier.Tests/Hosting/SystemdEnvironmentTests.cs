using EdgeClassifier.Hosting.Systemd;

namespace EdgeClassifier.Tests.Hosting;

public sealed class SystemdEnvironmentTests
{
    [Theory]
    [InlineData("10000000", null, 10_000)]
    [InlineData("500000", "42", 500)]
    public void Parses_the_watchdog_timeout_in_microseconds(string usec, string? pid, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), SystemdEnvironment.ParseWatchdogTimeout(usec, pid, 42));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("10s", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("10000000", "41")]
    [InlineData("10000000", "pid")]
    public void Has_no_watchdog_when_the_timeout_is_absent_malformed_or_for_another_process(string? usec, string? pid)
    {
        Assert.Null(SystemdEnvironment.ParseWatchdogTimeout(usec, pid, 42));
    }

    [Fact]
    public void Reads_the_notify_socket_and_timeout_from_the_variables()
    {
        var variables = new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = "/run/systemd/notify",
            ["WATCHDOG_USEC"] = "10000000",
        };

        var environment = SystemdEnvironment.Read(name => variables.GetValueOrDefault(name), 42);

        Assert.Equal(new SystemdEnvironment("/run/systemd/notify", TimeSpan.FromSeconds(10)), environment);
    }

    [Fact]
    public void Is_empty_outside_systemd()
    {
        Assert.Equal(new SystemdEnvironment(null, null), SystemdEnvironment.Read(_ => null, 42));
    }
}
