using EdgeClassifier.Outputs.Mqtt;

namespace EdgeClassifier.Tests.Mqtt;

[Collection(MqttCollection.Name)]
public sealed class SecurityTests
{
    [Fact]
    public async Task Connects_over_TLS_with_CA_and_client_certificate()
    {
        using var directory = new TempDirectory();
        var certificates = TestCertificates.Generate(directory.Path, "good");
        using var broker = MosquittoBroker.StartWithTls(directory, certificates);
        var options = MqttServiceHarness.OptionsFor(broker.TlsPort!.Value, directory);
        options.CaFile = certificates.CaFile;
        options.ClientCertFile = certificates.ClientCertFile;
        options.ClientKeyFile = certificates.ClientKeyFile;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/availability");

        await using var service = await MqttServiceHarness.StartAsync(options);

        await service.WaitIdleAsync();
        await probe.WaitForAsync("edgeclassifier/cam1/availability", m => m.Text == MqttTopics.Online);
    }

    [Fact]
    public async Task A_broker_that_sends_an_intermediate_CA_verifies_against_the_root_in_CaFile()
    {
        using var directory = new TempDirectory();
        var certificates = TestCertificates.GenerateWithIntermediate(directory.Path, "chain");
        using var broker = MosquittoBroker.StartWithTls(directory, certificates, requireClientCertificate: false);
        var options = MqttServiceHarness.OptionsFor(broker.TlsPort!.Value, directory);
        options.Host = "localhost";
        options.CaFile = certificates.CaFile;
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "edgeclassifier/cam1/availability");

        await using var service = await MqttServiceHarness.StartAsync(options);

        await service.WaitIdleAsync();
        await probe.WaitForAsync("edgeclassifier/cam1/availability", m => m.Text == MqttTopics.Online);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_clear_text_password_to_another_machine_and_a_readable_password_file_are_each_warned_about_once()
    {
        using var directory = new TempDirectory();
        var options = MqttServiceHarness.OptionsFor(1883, directory);
        options.Host = "10.213.0.1";
        options.Username = "camera";
        options.PasswordFile = directory.File("password");
        File.WriteAllText(options.PasswordFile, "secret\n");
        File.SetUnixFileMode(options.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var logs = new ListLoggerProvider();

        // Constructing the connection warns; it never connects here, so no traffic leaves the machine.
        for (int i = 0; i < 2; i++)
        {
            _ = new MqttConnection(options, new MqttTopics(options), options.Host, logs.CreateLogger("mqtt"));
        }

        Assert.Single(logs.Lines, l => l.Contains($"Mqtt:PasswordFile: {options.PasswordFile} is readable by other users")
                                       && l.Contains($"chmod 600 {options.PasswordFile}"));
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("goes to 10.213.0.1, another machine, in clear text")));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("secret"));

        var local = MqttServiceHarness.OptionsFor(1883, directory);
        local.Username = "camera";
        var quiet = new ListLoggerProvider();
        _ = new MqttConnection(local, new MqttTopics(local), "127.0.0.1", quiet.CreateLogger("mqtt"));
        Assert.DoesNotContain(quiet.Lines, l => l.Contains("clear text"));
    }

    [Fact]
    public async Task Broker_signed_by_an_unknown_CA_gives_a_clear_error_and_retries()
    {
        using var directory = new TempDirectory();
        var brokerCertificates = TestCertificates.Generate(directory.Path, "broker");
        var otherCa = TestCertificates.Generate(directory.Path, "other");
        using var broker = MosquittoBroker.StartWithTls(directory, brokerCertificates);
        var options = MqttServiceHarness.OptionsFor(broker.TlsPort!.Value, directory);
        options.CaFile = otherCa.CaFile;
        options.ClientCertFile = brokerCertificates.ClientCertFile;
        options.ClientKeyFile = brokerCertificates.ClientKeyFile;

        await using var service = await MqttServiceHarness.StartAsync(options);

        await service.WaitUntilAsync(() => service.Logs.Lines.Count(l => l.Contains("not trusted by Mqtt:CaFile")) >= 3,
            "three failed attempts naming the CA file");
        Assert.False(service.Service.IsConnected);
        Assert.Contains("not trusted by Mqtt:CaFile", service.Service.LastConnectionError);
    }

    [Fact]
    public async Task Wrong_password_gives_a_clear_error_and_retries_and_is_never_logged()
    {
        using var directory = new TempDirectory();
        using var broker = MosquittoBroker.StartWithPassword(directory, "camera", "right-password");
        var options = MqttServiceHarness.OptionsFor(broker.Port, directory);
        options.Username = "camera";
        options.PasswordFile = directory.File("password");
        File.WriteAllText(options.PasswordFile, "wrong-password\n");

        await using (var service = await MqttServiceHarness.StartAsync(options))
        {
            await service.WaitUntilAsync(() => service.Logs.Lines.Count(l => l.Contains("rejected the credentials")) >= 3,
                "three failed attempts naming the credentials");
            Assert.False(service.Service.IsConnected);
            Assert.Contains("Mqtt:Username", service.Service.LastConnectionError);
            Assert.DoesNotContain(service.Logs.Lines, l => l.Contains("wrong-password"));
        }

        File.WriteAllText(options.PasswordFile, "right-password\n");
        await using var fixedService = await MqttServiceHarness.StartAsync(options);
        await fixedService.WaitIdleAsync();
        Assert.DoesNotContain(fixedService.Logs.Lines, l => l.Contains("right-password"));
    }
}
