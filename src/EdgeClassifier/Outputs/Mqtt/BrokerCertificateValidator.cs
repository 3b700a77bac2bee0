using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Checks the broker's certificate against the configured CA file only (not the system store), and remembers why a
/// check failed so the connection log can say "not signed by Mqtt:CaFile" instead of a bare handshake error.
/// </summary>
public sealed class BrokerCertificateValidator
{
    private readonly X509Certificate2Collection _trusted;
    private readonly bool _insecure;

    /// <summary>Creates a validator trusting the certificates in <paramref name="caFile"/> (PEM), or the system store when empty.</summary>
    public BrokerCertificateValidator(string caFile, bool insecure)
    {
        _trusted = [];
        if (caFile.Length > 0)
        {
            _trusted.ImportFromPemFile(caFile);
        }

        _insecure = insecure;
    }

    /// <summary>Why the last certificate was rejected, or <c>null</c> when it was accepted.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>The MQTTnet validation callback.</summary>
    public bool Validate(MqttClientCertificateValidationEventArgs args)
    {
        LastFailure = null;
        if (_insecure)
        {
            return true;
        }

        var errors = args.SslPolicyErrors;
        if (_trusted.Count > 0 && args.Certificate is not null)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            // The broker may send intermediate CAs between its certificate and the root in Mqtt:CaFile.
            if (args.Chain is { } sent)
            {
                chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
                foreach (var element in sent.ChainElements.Skip(1))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var certificate = new X509Certificate2(args.Certificate);
            if (!chain.Build(certificate))
            {
                string status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
                LastFailure = $"the broker's certificate '{certificate.Subject}' is not trusted by Mqtt:CaFile ({status})";
                return false;
            }
        }

        if (errors != SslPolicyErrors.None)
        {
            LastFailure = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                ? "the broker's certificate does not match Mqtt:Host (name mismatch)"
                : $"the broker's certificate was rejected ({errors}); set Mqtt:CaFile to the CA that signed it";
            return false;
        }

        return true;
    }
}
