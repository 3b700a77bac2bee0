using System.Net;
using System.Net.Sockets;
using EdgeClassifier.Pipeline;
using EdgeClassifier.Tests.Hosting;

namespace EdgeClassifier.Tests.Web;

/// <summary><c>/healthz</c> and <c>/readyz</c> of the real web server, with the frame loop replaced by a hook that can stall.</summary>
public class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_turns_unhealthy_when_the_frame_loop_stalls_and_healthy_when_it_flows_again()
    {
        using var progress = new FrameFlowProgress();
        progress.Flow();
        await using var web = new InProcessWeb(progress);
        await web.StartAsync();
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(web.BaseUrl + "/healthz")).StatusCode);
        progress.Stall();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        HttpResponseMessage stalled = await http.GetAsync(web.BaseUrl + "/healthz");
        for (int i = 0; i < 20 && stalled.StatusCode == HttpStatusCode.OK; i++)
        {
            // A busy machine may run the hook's last frames late; the stall counts from the last one.
            await Task.Delay(250);
            stalled = await http.GetAsync(web.BaseUrl + "/healthz");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.Contains("no frame processed for", await stalled.Content.ReadAsStringAsync());

        progress.IdleByDesign = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(web.BaseUrl + "/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readyz_is_unavailable_until_the_model_is_loaded_and_frames_are_classified()
    {
        using var progress = new FrameFlowProgress();
        await using var web = new InProcessWeb(progress);
        await web.StartAsync();
        using var http = new HttpClient();

        HttpResponseMessage before = await http.GetAsync(web.BaseUrl + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("no model loaded yet", await before.Content.ReadAsStringAsync());

        web.Stats.Model = "mobilenet.onnx";
        Assert.Contains("starting", await (await http.GetAsync(web.BaseUrl + "/readyz")).Content.ReadAsStringAsync());

        web.Stats.Health = HealthState.Ok;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(web.BaseUrl + "/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_taken_port_leaves_the_service_running_without_the_page_and_says_so()
    {
        using var progress = new FrameFlowProgress();
        await using var web = new InProcessWeb(progress);
        using var squatter = new TcpListener(IPAddress.Loopback, web.Port);
        squatter.Start();

        await web.StartAsync();

        Assert.False(web.Status.Listening);
        Assert.StartsWith("unavailable: ", web.Status.State);
        Assert.Contains(web.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), web.Status.State);
    }
}
