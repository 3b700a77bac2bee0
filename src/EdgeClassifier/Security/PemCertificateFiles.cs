using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeClassifier.Security;

/// <summary>
/// Checks a PEM certificate and private key pair at start the way the server that uses it loads it, so a file that is
/// not a certificate, a key that does not match or a missing half is a configuration error (exit 2, one line naming
/// the option) rather than an exception when the listener starts.
/// </summary>
public static class PemCertificateFiles
{
    /// <summary>The problem with the pair, naming <paramref name="certificateKey"/> and <paramref name="keyKey"/>; null when usable or not set.</summary>
    public static string? Problem(string certificateKey, string certificateFile, string keyKey, string keyFile)
    {
        if (certificateFile.Length == 0 && keyFile.Length == 0)
        {
            return null;
        }

        if (certificateFile.Length == 0 || keyFile.Length == 0)
        {
            return $"{certificateKey} and {keyKey} must be set together.";
        }

        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            // Named by the caller's existence check.
            return null;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return certificate.HasPrivateKey ? null : $"{keyKey}: '{keyFile}' holds no private key for {certificateFile}.";
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"{certificateKey}: '{certificateFile}' with {keyKey} '{keyFile}' is not a usable PEM certificate and private key: " +
                   ex.Message.ReplaceLineEndings(" ").TrimEnd('.') + ".";
        }
    }
}
