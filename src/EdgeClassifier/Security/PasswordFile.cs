namespace EdgeClassifier.Security;

/// <summary>
/// Reads and edits a mosquitto_passwd file: one <c>user:hash</c> per line (see <see cref="PasswordHash"/>); empty
/// lines and lines starting with <c>#</c> are skipped.
/// </summary>
public static class PasswordFile
{
    /// <summary>The users and their hashes in <paramref name="path"/>; a malformed line throws, naming file and line.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int colon = line.IndexOf(':');
            string user = colon < 0 ? "" : line[..colon];
            string? problem = colon < 0 ? "expected 'user:hash'"
                : UserNameProblem(user) ?? PasswordHash.Problem(line[(colon + 1)..]);
            if (problem is null && !users.TryAdd(user, line[(colon + 1)..]))
            {
                problem = $"user '{user}' appears twice";
            }

            if (problem is not null)
            {
                throw new InvalidDataException($"{path}:{number}: {problem}");
            }
        }

        return users;
    }

    /// <summary>Why <paramref name="user"/> cannot be a user name, or <c>null</c> when it can.</summary>
    public static string? UserNameProblem(string user) =>
        user.Length == 0 ? "the user name is empty"
        : user.Any(c => c == ':' || char.IsControl(c) || char.IsWhiteSpace(c))
            ? $"user name '{user}' contains ':', a space or a control character"
            : null;

    /// <summary>
    /// Adds <paramref name="user"/> or replaces their password, keeping every other line. The file is created (and
    /// always rewritten) readable by its owner only.
    /// </summary>
    public static void SetPassword(string path, string user, string password, int iterations = PasswordHash.DefaultIterations)
    {
        if (UserNameProblem(user) is { } problem)
        {
            throw new ArgumentException(problem, nameof(user));
        }

        var lines = ExistingLines(path).Where(line => !IsLineOf(line, user)).ToList();
        lines.Add($"{user}:{PasswordHash.Create(password, iterations)}");
        Write(path, lines);
    }

    /// <summary>Removes <paramref name="user"/>; false when they were not in the file.</summary>
    public static bool Remove(string path, string user)
    {
        var lines = ExistingLines(path).ToList();
        int removed = lines.RemoveAll(line => IsLineOf(line, user));
        if (removed > 0)
        {
            Write(path, lines);
        }

        return removed > 0;
    }

    private static IEnumerable<string> ExistingLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(line => line.Length > 0) : [];

    private static bool IsLineOf(string line, string user) => line.StartsWith(user + ":", StringComparison.Ordinal);

    private static void Write(string path, IEnumerable<string> lines)
    {
        // Write beside the file and rename over it, so a reader (a running broker) never sees half a file.
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var writer = new StreamWriter(stream);
            foreach (string line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
