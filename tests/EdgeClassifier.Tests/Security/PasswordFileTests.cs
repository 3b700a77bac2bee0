using EdgeClassifier.Security;
using EdgeClassifier.Tests.Cli;
using EdgeClassifier.Tests.Mqtt;

namespace EdgeClassifier.Tests.Security;

/// <summary>The password file format is mosquitto_passwd's: checked both ways against the real tools.</summary>
[Collection(MqttCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PasswordFileTests
{
    [Fact]
    public void A_file_written_by_mosquitto_passwd_is_read_exactly()
    {
        using var directory = new TempDirectory();
        string file = directory.File("users");
        MosquittoBroker.RunTool("mosquitto_passwd", $"-b -c {file} alice alice-secret");
        MosquittoBroker.RunTool("mosquitto_passwd", $"-b -H sha512 {file} bob bob-secret");

        // mosquitto 2.0: "$7$<iterations>$<base64 12-byte salt>$<base64 64-byte PBKDF2-SHA512 hash>".
        string alice = File.ReadAllLines(file)[0];
        Assert.Matches(@"^alice:\$7\$\d+\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$", alice);

        var store = UserStore.Load(new UsersOptions { PasswordFile = file, Operators = ["alice"] });
        Assert.Equal(UserRole.Operator, store.Authenticate("alice", "alice-secret"));
        Assert.Equal(UserRole.Viewer, store.Authenticate("bob", "bob-secret"));
        Assert.Null(store.Authenticate("alice", "bob-secret"));
        Assert.Null(store.Authenticate("alice", "alice-secret!"));
        Assert.Null(store.Authenticate("carol", "alice-secret"));
        Assert.Null(store.Authenticate("alice", null));
        // A remembered password still has to match exactly.
        Assert.Equal(UserRole.Operator, store.Authenticate("alice", "alice-secret"));
        Assert.Null(store.Authenticate("alice", "alice-secreT"));
    }

    [Fact]
    public void The_passwd_command_writes_a_file_real_mosquitto_accepts()
    {
        using var directory = new TempDirectory();
        string file = directory.File("users");
        var created = CliProcess.RunWithInput(TimeSpan.FromMinutes(1), new Dictionary<string, string>(), "op-secret\n",
            "passwd", file, "operator", "--password-stdin");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        PasswordFile.SetPassword(file, "viewer", "view-secret");

        using var broker = MosquittoBroker.StartWithPasswordFile(directory, file);
        Assert.Equal(0, MosquittoBroker.Publish(broker.Port, "operator", "op-secret"));
        Assert.Equal(0, MosquittoBroker.Publish(broker.Port, "viewer", "view-secret"));
        Assert.NotEqual(0, MosquittoBroker.Publish(broker.Port, "viewer", "op-secret"));

        var removed = CliProcess.Run("passwd", file, "viewer", "--delete");
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(["operator"], UserStore.Load(new UsersOptions { PasswordFile = file }).UserNames);
        var missing = CliProcess.Run("passwd", file, "viewer", "--delete");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no user 'viewer'", missing.Error);
    }

    [Fact]
    public void Problems_name_the_key_the_file_and_the_line()
    {
        using var directory = new TempDirectory();
        string file = directory.File("users");
        File.WriteAllText(file, "alice:" + PasswordHash.Create("x", 10) + "\nbob:plaintext\n");

        var error = Assert.Throws<InvalidDataException>(() => UserStore.Load(new UsersOptions { PasswordFile = file }));
        Assert.Equal($"Users:PasswordFile: {file}:2: not a mosquitto_passwd hash ('$7$...')", error.Message);

        Assert.Contains("does not exist", Assert.Throws<InvalidDataException>(
            () => UserStore.Load(new UsersOptions { PasswordFile = directory.File("none") })).Message);
        File.WriteAllText(file, "alice:" + PasswordHash.Create("x", 10) + "\n");
        Assert.Equal("Users:Operators names 'carol', who is not in " + file + ".", Assert.Throws<InvalidDataException>(
            () => UserStore.Load(new UsersOptions { PasswordFile = file, Operators = ["carol"] })).Message);
        Assert.False(UserStore.Load(new UsersOptions()).HasUsers);
    }

    [Fact]
    public void A_password_file_others_can_read_is_warned_about_once()
    {
        using var directory = new TempDirectory();
        string file = directory.File("users");
        PasswordFile.SetPassword(file, "alice", "secret", iterations: 10);
        var logs = new ListLoggerProvider();
        var logger = logs.CreateLogger("test");

        SecretFiles.WarnIfReadableByOthers(file, "Users:PasswordFile", logger);
        Assert.Empty(logs.Lines);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        SecretFiles.WarnIfReadableByOthers(file, "Users:PasswordFile", logger);
        SecretFiles.WarnIfReadableByOthers(file, "Users:PasswordFile", logger);

        string warning = Assert.Single(logs.Lines);
        Assert.Contains($"Users:PasswordFile: {file} is readable by other users", warning);
        Assert.Contains($"chmod 600 {file}", warning);
    }
}
