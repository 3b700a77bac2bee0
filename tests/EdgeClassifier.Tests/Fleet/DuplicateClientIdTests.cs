using System.Text.RegularExpressions;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>Two devices configured with the same id on one real mosquitto: one kick, then no fight over the id.</summary>
[Collection(MqttCollection.Name)]
public sealed class DuplicateClientIdTests
{
    [Fact]
    public async Task The_device_whose_id_another_takes_stays_off_says_why_and_returns_only_once_the_other_is_gone()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.Start(directory);
        var firstOptions = MqttServiceHarness.OptionsFor(broker.Port, directory, "cam1");
        firstOptions.OutboxPath = directory.File("first.db");
        var secondOptions = MqttServiceHarness.OptionsFor(broker.Port, directory, "cam1");
        secondOptions.OutboxPath = directory.File("second.db");
        secondOptions.Snapshot.Directory = directory.File("second-snapshots");

        await using var first = await MqttServiceHarness.StartAsync(firstOptions);
        await first.WaitIdleAsync();
        await using var second = await MqttServiceHarness.StartAsync(secondOptions);

        // The second takes the id; the first notices another client's "online" on its availability and stays off.
        // (Should the first check before the second announced itself, the first takes the id back once and the
        // second stays off instead: still one holder, never a loop.)
        MqttServiceHarness on = second, off = first;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(first.Service.IsConnected ^ second.Service.IsConnected) || DateTime.UtcNow < deadline - TimeSpan.FromSeconds(13))
        {
            Assert.True(DateTime.UtcNow < deadline, string.Join("\n", first.Logs.Lines) + "\n---\n" + string.Join("\n", second.Logs.Lines));
            await Task.Delay(50);
        }

        if (first.Service.IsConnected)
        {
            (on, off) = (first, second);
        }

        // Five seconds are a dozen of the other's checks (Mqtt:ReconnectMaxSeconds 0.4): it never takes the id back.
        for (int i = 0; i < 50; i++)
        {
            Assert.True(on.Service.IsConnected, string.Join("\n", on.Logs.Lines));
            Assert.False(off.Service.IsConnected, string.Join("\n", off.Logs.Lines));
            await Task.Delay(100);
        }

        string log = broker.Log();
        Assert.InRange(Regex.Count(log, @"New client connected from \S+ as edgeclassifier-cam1 "), 2, 3);
        Assert.InRange(Regex.Count(log, "Client edgeclassifier-cam1 already connected, closing old connection"), 1, 2);
        Assert.Single(off.Logs.Lines, l => l.StartsWith("Error: MQTT broker", StringComparison.Ordinal) && l.Contains("same client id 'edgeclassifier-cam1'"));
        Assert.Contains("another client connected with the same client id 'edgeclassifier-cam1'", off.Service.LastConnectionError);

        // Decisions of the device that stays off wait in its outbox meanwhile.
        off.Service.Decisions.Publish(MqttServiceHarness.Decision("cat", 1));
        await off.WaitUntilAsync(() => off.Service.OutboxPending > 0, "the event queued while off the broker");

        // The other one stops (availability "stopped"): the id is free, the device comes back and delivers.
        await on.StopAsync();
        await off.WaitIdleAsync(10);
        Assert.Contains(off.Logs.Lines, l => l.Contains("is free again", StringComparison.Ordinal));
    }
}
