using EdgeClassifier.State;

namespace EdgeClassifier.Tests.State;

/// <summary>Where the service keeps its state: configured, then systemd, then XDG, then the home directory.</summary>
public sealed class StateDirectoryTests
{
    private static string Resolve(string configured, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => v.Value);
        var options = new StateOptions { Directory = configured };
        new StateDirectoryResolver(name => variables.GetValueOrDefault(name)).PostConfigure(null, options);
        return options.Directory;
    }

    [Fact]
    public void Configured_directory_wins_over_every_variable()
    {
        Assert.Equal("/srv/ec", Resolve("/srv/ec", ("STATE_DIRECTORY", "/var/lib/ec"), ("XDG_STATE_HOME", "/x"), ("HOME", "/home/u")));
    }

    [Fact]
    public void Systemd_state_directory_comes_next_and_its_first_entry_is_ours()
    {
        Assert.Equal("/var/lib/edgeclassifier", Resolve("", ("STATE_DIRECTORY", "/var/lib/edgeclassifier:/var/lib/other"), ("XDG_STATE_HOME", "/x")));
    }

    [Fact]
    public void Xdg_state_home_then_home_are_the_fallbacks()
    {
        Assert.Equal("/x/edgeclassifier", Resolve("", ("XDG_STATE_HOME", "/x"), ("HOME", "/home/u")));
        Assert.Equal("/home/u/.local/state/edgeclassifier", Resolve("", ("HOME", "/home/u")));
    }

    [Fact]
    public void Relative_variables_are_ignored_so_state_never_lands_in_the_current_directory()
    {
        Assert.Equal("/home/u/.local/state/edgeclassifier", Resolve("", ("STATE_DIRECTORY", "state"), ("XDG_STATE_HOME", "rel"), ("HOME", "/home/u")));
        Assert.Equal("", Resolve("", ("HOME", "home")));
    }

    [Theory]
    [InlineData("", "State:Directory is not set")]
    [InlineData("state", "State:Directory: 'state' must be an absolute path")]
    [InlineData("/etc/hostname", "State:Directory: '/etc/hostname' is a file")]
    public void Unusable_directories_are_named(string directory, string message)
    {
        Assert.StartsWith(message, StateOptionsValidator.Check(new StateOptions { Directory = directory }));
    }
}
