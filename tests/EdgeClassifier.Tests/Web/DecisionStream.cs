namespace EdgeClassifier.Tests.Web;

/// <summary>Reads <c>/api/decisions</c> (server-sent events) in the background and counts the decisions.</summary>
internal sealed class DecisionStream : IDisposable
{
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> lines = [];
    private Task? reader;

    public long Count
    {
        get
        {
            lock (lines)
            {
                return lines.Count;
            }
        }
    }

    /// <summary>Every <c>data:</c> payload so far.</summary>
    public IReadOnlyList<string> Payloads
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public static async Task<DecisionStream> OpenAsync(string baseUrl, string? authorization = null)
    {
        var stream = new DecisionStream();
        var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/api/decisions");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        HttpResponseMessage response = await stream.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        stream.reader = Task.Run(async () =>
        {
            try
            {
                while (await body.ReadLineAsync(stream.stop.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        lock (stream.lines)
                        {
                            stream.lines.Add(line[6..]);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // Closed.
            }
        });
        return stream;
    }

    public async Task<bool> WaitForMoreThanAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Count > count)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return Count > count;
    }

    public void Dispose()
    {
        stop.Cancel();
        http.Dispose();
        reader?.Wait(TimeSpan.FromSeconds(2));
        stop.Dispose();
    }
}
