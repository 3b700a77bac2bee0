using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Turns <see cref="MqttOptions"/> into MQTTnet client options: endpoint, credentials, TLS and last will.</summary>
public static class MqttClientOptionsFactory
{
    /// <summary>
    /// Longest wait for the broker's answer to one packet (CONNECT, SUBSCRIBE, a QoS 1 PUBLISH): a connection attempt
    /// that started within the reconnect back-off has its CONNACK, or has failed, this long after.
    /// </summary>
    public static readonly TimeSpan CommunicationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True when the options ask for TLS.</summary>
    public static bool UsesTls(MqttOptions options) =>
        options.Tls || options.TlsInsecure || options.CaFile.Length > 0 || options.ClientCertFile.Length > 0;

    /// <summary>The port to use: the configured one, else 8883 with TLS and 1883 without.</summary>
    public static int EffectivePort(MqttOptions options) =>
        options.Port != 0 ? options.Port : UsesTls(options) ? 8883 : 1883;

    /// <summary>
    /// Client options for one connection attempt with <paramref name="version"/>; <paramref name="credential"/>, when
    /// given, replaces <c>Mqtt:Username</c> and its password (the embedded broker's per-run device login).
    /// </summary>
    public static MqttClientOptions Build(MqttOptions options, MqttTopics topics, string host, MqttProtocolVersion version,
        BrokerCertificateValidator? tls, NetworkCredential? credential = null) =>
        Common(options, host, options.ClientId, version, tls, credential)
            .WithWillTopic(topics.Availability)
            .WithWillPayload(MqttTopics.Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

    /// <summary>
    /// Options for a tool that talks to the fleet (no last will, its own client id) with the device configuration's
    /// broker, credentials and TLS settings.
    /// </summary>
    public static MqttClientOptions BuildForTool(MqttOptions options, string host, string clientId, BrokerCertificateValidator? tls) =>
        Common(options, host, clientId, MqttProtocolVersion.V500, tls, null).Build();

    private static MqttClientOptionsBuilder Common(MqttOptions options, string host, string clientId, MqttProtocolVersion version,
        BrokerCertificateValidator? tls, NetworkCredential? credential)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, EffectivePort(options))
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            // A clean session that expires at disconnect: the broker keeps nothing for a device that is gone (its
            // events wait in the device's own outbox instead), so a fleet of retired boards costs the broker nothing.
            .WithCleanStart(true)
            .WithSessionExpiryInterval(0)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(CommunicationTimeout);

        if (credential is not null)
        {
            builder.WithCredentials(credential.UserName, credential.Password);
        }
        else if (options.Username.Length > 0)
        {
            builder.WithCredentials(options.Username, MqttPassword.Read(options));
        }

        if (tls is not null)
        {
            var tlsOptions = new MqttClientTlsOptionsBuilder()
                .UseTls(true)
                .WithTargetHost(host)
                .WithCertificateValidationHandler(tls.Validate);
            if (options.ClientCertFile.Length > 0)
            {
                tlsOptions.WithClientCertificates(LoadClientCertificate(options));
            }

            builder.WithTlsOptions(tlsOptions.Build());
        }

        return builder;
    }

    private static X509Certificate2Collection LoadClientCertificate(MqttOptions options)
    {
        using var pem = X509Certificate2.CreateFromPemFile(options.ClientCertFile, options.ClientKeyFile);
        // SslStream on some platforms needs the key in a persisted (PKCS#12) form rather than an ephemeral one.
        return [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
    }
}
