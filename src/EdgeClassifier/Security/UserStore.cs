using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace EdgeClassifier.Security;

/// <summary>
/// The users who may log in to the device's network services, loaded once from the <c>Users</c> section's password
/// file, and which of them are operators. Thread-safe; one instance serves the MQTT broker and the web view.
/// </summary>
public sealed class UserStore
{
    /// <summary>The systemd credential that holds the password file when <see cref="UsersOptions.PasswordFile"/> is empty.</summary>
    public const string CredentialName = "users";

    // Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    private readonly IReadOnlyDictionary<string, string> _hashes;
    private readonly HashSet<string> _operators;
    // A password that passed PBKDF2 once is remembered as a keyed digest, so a web page that sends Basic
    // credentials with every request does not pay thousands of hash rounds each time.
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);
    // Made at the first login rather than with the store: the random bytes come from OpenSSL, and loading it (about
    // 5 MiB resident: libcrypto and the managed cryptography) is wasted on a device nobody logs in to.
    private readonly Lazy<byte[]> _digestKey = new(() => RandomNumberGenerator.GetBytes(32));

    private UserStore(string? source, IReadOnlyDictionary<string, string> hashes, IEnumerable<string> operators)
    {
        Source = source;
        _hashes = hashes;
        _operators = new HashSet<string>(operators, StringComparer.Ordinal);
    }

    /// <summary>A store without users: only loopback clients, trusted, can reach the device.</summary>
    public static UserStore Empty { get; } = new(null, new Dictionary<string, string>(), []);

    /// <summary>The password file the users came from, or <c>null</c> when none is configured.</summary>
    public string? Source { get; }

    /// <summary>True when at least one user can log in.</summary>
    public bool HasUsers => _hashes.Count > 0;

    /// <summary>Every user name in the file.</summary>
    public IReadOnlyCollection<string> UserNames => (IReadOnlyCollection<string>)_hashes.Keys;

    /// <summary>
    /// Loads the users <paramref name="options"/> point to (see <see cref="UsersOptions.PasswordFile"/>);
    /// <see cref="Empty"/> when none is configured. Throws <see cref="InvalidDataException"/> naming the key and the
    /// problem when the file is missing or malformed, or an operator is not in it.
    /// </summary>
    public static UserStore Load(UsersOptions options)
    {
        string? path = SecretFiles.Resolve(options.PasswordFile, CredentialName);
        if (path is null)
        {
            return options.Operators.Count == 0
                ? Empty
                : throw new InvalidDataException("Users:Operators is set but there is no Users:PasswordFile to log in with.");
        }

        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Users:PasswordFile: file '{path}' does not exist.");
        }

        IReadOnlyDictionary<string, string> hashes;
        try
        {
            hashes = PasswordFile.Read(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Users:PasswordFile: {ex.Message}", ex);
        }

        if (options.Operators.FirstOrDefault(o => !hashes.ContainsKey(o)) is { } stranger)
        {
            throw new InvalidDataException($"Users:Operators names '{stranger}', who is not in {path}.");
        }

        return new UserStore(path, hashes, options.Operators);
    }

    /// <summary>
    /// The role of <paramref name="user"/> when <paramref name="password"/> is theirs, else <c>null</c>. Unknown users
    /// take as long to refuse as wrong passwords.
    /// </summary>
    public UserRole? Authenticate(string? user, string? password)
    {
        if (string.IsNullOrEmpty(user) || password is null)
        {
            return null;
        }

        if (!_hashes.TryGetValue(user, out string? hash))
        {
            PasswordHash.Verify(password, DecoyHash.Value);
            return null;
        }

        byte[] digest = HMACSHA256.HashData(_digestKey.Value, Encoding.UTF8.GetBytes(password));
        bool known = _verified.TryGetValue(user, out byte[]? remembered) && CryptographicOperations.FixedTimeEquals(digest, remembered);
        if (!known)
        {
            if (!PasswordHash.Verify(password, hash))
            {
                return null;
            }

            _verified[user] = digest;
        }

        return RoleOf(user);
    }

    /// <summary>True when <paramref name="user"/> is listed in <see cref="UsersOptions.Operators"/>.</summary>
    public bool IsOperator(string user) => _operators.Contains(user);

    private UserRole RoleOf(string user) => IsOperator(user) ? UserRole.Operator : UserRole.Viewer;
}
