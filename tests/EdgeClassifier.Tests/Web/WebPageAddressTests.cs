using EdgeClassifier.Web;

namespace EdgeClassifier.Tests.Web;

public sealed class WebPageAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080,http://[::1]:8080", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("http://127.0.0.1:8080,http://192.168.1.20:8080", "http://192.168.1.20:8080/")]
    [InlineData("https://[fd00::5]:8443", "https://[fd00::5]:8443/")]
    [InlineData("http://0.0.0.0:8080", "http://cam-7:8080/")]
    [InlineData("http://[::]:8080", "http://cam-7:8080/")]
    public void The_page_is_linked_at_its_first_address_beyond_loopback(string urls, string? expected)
    {
        var options = new WebOptions { Urls = urls.Split(',') };

        Assert.Equal(expected, WebPageAddress.Reachable(options, "cam-7"));
    }

    [Fact]
    public void A_disabled_web_view_has_no_page_to_link()
    {
        var options = new WebOptions { Enabled = false, Urls = ["http://192.168.1.20:8080"] };

        Assert.Null(WebPageAddress.Reachable(options, "cam-7"));
    }
}
