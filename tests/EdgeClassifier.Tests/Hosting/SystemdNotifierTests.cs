using EdgeClassifier.Hosting.Systemd;

namespace EdgeClassifier.Tests.Hosting;

public sealed class SystemdNotifierTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Delivers_to_a_socket_path()
    {
        using var listener = NotifySocketListener.InTempDirectory();
        var notifier = new SystemdNotifier(listener.Address);

        Assert.True(notifier.Notify("STATUS=hello"));
        await listener.WaitForAsync(m => m == "STATUS=hello", TimeSpan.Zero, WaitLimit);
    }

    [Fact]
    public async Task Delivers_to_an_abstract_socket_written_with_an_at_sign()
    {
        using var listener = NotifySocketListener.Abstract();
        var notifier = new SystemdNotifier(listener.Address);

        Assert.True(notifier.Notify("WATCHDOG=1"));
        await listener.WaitForAsync(m => m == "WATCHDOG=1", TimeSpan.Zero, WaitLimit);
    }

    [Fact]
    public void Is_a_no_op_without_a_socket()
    {
        var notifier = new SystemdNotifier(null);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("WATCHDOG=1"));
    }

    [Fact]
    public void Reports_failure_without_throwing_when_systemd_is_gone()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ec-no-such-socket-" + Guid.NewGuid().ToString("N"));
        var notifier = new SystemdNotifier(missing);

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.Notify("WATCHDOG=1"));
    }
}
