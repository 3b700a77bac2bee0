using System.Globalization;
using System.Text;
using EdgeClassifier.Decisions;
using EdgeClassifier.Outputs;
using EdgeClassifier.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace EdgeClassifier.Web.Endpoints;

/// <summary>The two live streams: <c>/api/stream.mjpg</c> (multipart MJPEG) and <c>/api/decisions</c> (server-sent events).</summary>
public static class StreamEndpoints
{
    private const string Boundary = "edgeclassifier-frame";

    /// <summary>Maps both streams.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stream.mjpg", StreamJpegsAsync);
        app.MapGet("/api/decisions", StreamDecisionsAsync);
    }

    /// <summary>
    /// Writes each new JPEG as one part of a <c>multipart/x-mixed-replace</c> response until the viewer leaves.
    /// Waiting for the next JPEG only starts after the last one was written, so a slow viewer skips frames.
    /// </summary>
    private static async Task StreamJpegsAsync(HttpContext context, LiveStream stream)
    {
        CancellationToken gone = context.RequestAborted;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        using IDisposable viewer = stream.Join();
        StreamFrame? last = null;
        try
        {
            while (!gone.IsCancellationRequested)
            {
                last = await stream.NextAsync(last, gone).ConfigureAwait(false);
                string header = string.Create(CultureInfo.InvariantCulture,
                    $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {last.Jpeg.Length}\r\n\r\n");
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes(header), gone).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(last.Jpeg, gone).ConfigureAwait(false);
                await context.Response.Body.WriteAsync("\r\n"u8.ToArray(), gone).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(gone).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The viewer left.
        }
    }

    /// <summary>One <c>data:</c> event per decision, each the same JSON as a <c>--decisions-out</c> line.</summary>
    private static async Task StreamDecisionsAsync(HttpContext context, DecisionFeed feed)
    {
        CancellationToken gone = context.RequestAborted;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        using DecisionFeed.Subscription subscription = feed.Subscribe();
        try
        {
            await context.Response.WriteAsync(": decisions\n\n", gone).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(gone).ConfigureAwait(false);
            await foreach (Decision decision in subscription.Reader.ReadAllAsync(gone).ConfigureAwait(false))
            {
                await context.Response.WriteAsync($"data: {DecisionFileWriter.ToJson(decision)}\n\n", gone).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(gone).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left.
        }
    }
}
