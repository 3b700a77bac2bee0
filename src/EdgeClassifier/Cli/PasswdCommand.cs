using System.CommandLine;
using System.Text;
using EdgeClassifier.Security;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// <c>edgeclassifier passwd FILE USER [--delete] [--password-stdin]</c>: adds or changes a user in a password file
/// (mosquitto_passwd's format, so mosquitto reads it too), or removes one.
/// </summary>
public static class PasswdCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The password file (Users:PasswordFile); created, mode 600, if missing" };
        var user = new Argument<string>("USER") { Description = "The user to add, change or remove" };
        var delete = new Option<bool>("--delete", "-D") { Description = "Remove the user instead" };
        var stdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from the first line of standard input instead of asking twice",
        };
        var command = new Command("passwd", "Add, change or remove a user who may log in to the device's MQTT broker and web view")
        {
            file, user, delete, stdin,
        };
        command.SetAction(parsed => Run(parsed.GetValue(file)!, parsed.GetValue(user)!, parsed.GetValue(delete), parsed.GetValue(stdin)));
        return command;
    }

    private static int Run(string file, string user, bool delete, bool fromStdin)
    {
        if (PasswordFile.UserNameProblem(user) is { } problem)
        {
            throw new CliException(problem + ".");
        }

        if (delete)
        {
            if (!File.Exists(file) || !PasswordFile.Remove(file, user))
            {
                throw new CliException($"{file}: no user '{user}'.");
            }

            Console.WriteLine($"removed {user} from {file}");
            return ExitCodes.Success;
        }

        string password = fromStdin ? Console.In.ReadLine() ?? "" : AskTwice();
        if (password.Length == 0)
        {
            throw new CliException("the password is empty.");
        }

        try
        {
            PasswordFile.SetPassword(file, user, password);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliException($"{file}: {ex.Message}", ex);
        }

        Console.WriteLine($"set the password of {user} in {file}");
        return ExitCodes.Success;
    }

    private static string AskTwice()
    {
        if (Console.IsInputRedirected)
        {
            throw new CliException("standard input is not a terminal; pass --password-stdin to read the password from it.");
        }

        string first = Ask("Password: ");
        return first == Ask("Again: ") ? first : throw new CliException("the passwords do not match.");
    }

    private static string Ask(string prompt)
    {
        Console.Error.Write(prompt);
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
