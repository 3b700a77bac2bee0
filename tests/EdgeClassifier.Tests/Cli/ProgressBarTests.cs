using EdgeClassifier.Cli;
using EdgeClassifier.Tests.Gpio;

namespace EdgeClassifier.Tests.Cli;

public class ProgressBarTests
{
    [Fact]
    public void Draws_only_after_a_moment_then_throttles_and_ends_the_line()
    {
        var clock = new ManualTimeProvider();
        var output = new StringWriter();
        using (var bar = new ProgressBar("embedding", 10, output, clock))
        {
            bar.Report(1);
            Assert.Equal(string.Empty, output.ToString()); // a quick run never shows a bar

            clock.Advance(TimeSpan.FromSeconds(1));
            bar.Report(5);
            Assert.Equal("\rembedding [###############               ] 5/10", output.ToString());

            bar.Report(6); // within the redraw interval
            Assert.DoesNotContain("6/10", output.ToString());

            bar.Report(10); // completion is always drawn
            Assert.EndsWith("[##############################] 10/10", output.ToString());
        }

        Assert.EndsWith(Environment.NewLine, output.ToString());
    }
}
