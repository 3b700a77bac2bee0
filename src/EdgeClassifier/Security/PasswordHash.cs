using System.Security.Cryptography;
using System.Text;

namespace EdgeClassifier.Security;

/// <summary>
/// Password hashes in mosquitto_passwd's format, so one file serves both mosquitto and the device:
/// <c>$7$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c> is PBKDF2-HMAC-SHA512 (64-byte hash), and the older
/// <c>$6$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c> is SHA-512 of the password followed by the salt (read, never written).
/// </summary>
public static class PasswordHash
{
    /// <summary>
    /// PBKDF2 rounds of new hashes. mosquitto_passwd 2.0 writes 101; more rounds make a stolen file slower to crack,
    /// and the <see cref="UserStore"/> pays them once per user (it remembers passwords it has verified).
    /// </summary>
    public const int DefaultIterations = 10_000;

    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    /// <summary>A new <c>$7$</c> hash of <paramref name="password"/> with a random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Why <paramref name="encoded"/> is not a hash this class can check, or <c>null</c> when it is.</summary>
    public static string? Problem(string encoded) => TryParse(encoded, out _, out string? problem) ? null : problem;

    /// <summary>True when <paramref name="password"/> matches <paramref name="encoded"/> (compared in constant time).</summary>
    public static bool Verify(string password, string encoded)
    {
        if (!TryParse(encoded, out var stored, out _))
        {
            return false;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(password);
        byte[] actual = stored.Iterations is { } iterations
            ? Rfc2898DeriveBytes.Pbkdf2(bytes, stored.Salt, iterations, HashAlgorithmName.SHA512, stored.Hash.Length)
            : SHA512.HashData([.. bytes, .. stored.Salt]);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    private readonly record struct Stored(int? Iterations, byte[] Salt, byte[] Hash);

    private static bool TryParse(string encoded, out Stored stored, out string? problem)
    {
        stored = default;
        string[] parts = encoded.Split('$');
        // "$7$101$salt$hash" splits into "", "7", "101", "salt", "hash"; "$6$salt$hash" into "", "6", "salt", "hash".
        (problem, int? iterations, int saltIndex) = parts switch
        {
            ["", "7", var rounds, _, _] => int.TryParse(rounds, out int n) && n > 0
                ? ((string?)null, (int?)n, 3)
                : ($"iteration count '{rounds}' is not a positive number", null, 0),
            ["", "6", _, _] => (null, null, 2),
            ["", var kind, ..] => ($"hash type '${kind}$' is not supported (use mosquitto_passwd or edgeclassifier passwd)", null, 0),
            _ => ("not a mosquitto_passwd hash ('$7$...')", null, 0),
        };
        if (problem is not null)
        {
            return false;
        }

        try
        {
            stored = new Stored(iterations, Convert.FromBase64String(parts[saltIndex]), Convert.FromBase64String(parts[saltIndex + 1]));
        }
        catch (FormatException)
        {
            problem = "salt or hash is not valid base64";
            return false;
        }

        if (stored.Hash.Length == 0 || stored.Salt.Length == 0)
        {
            problem = "salt or hash is empty";
            return false;
        }

        return true;
    }
}
