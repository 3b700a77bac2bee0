using System.Security.Cryptography;

namespace EdgeClassifier.Fleet;

/// <summary>
/// Checks a model's signature: ECDSA P-256 over the file's SHA-256 digest, DER-encoded — what
/// <c>openssl dgst -sha256 -sign key.pem model.onnx</c> writes.
/// </summary>
public static class ModelSignature
{
    /// <summary>True when <paramref name="signature"/> signs <paramref name="sha256"/> (the 32-byte digest) under <paramref name="key"/>.</summary>
    public static bool Verify(ECDsa key, ReadOnlySpan<byte> sha256, ReadOnlySpan<byte> signature)
    {
        try
        {
            return key.VerifyHash(sha256, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
