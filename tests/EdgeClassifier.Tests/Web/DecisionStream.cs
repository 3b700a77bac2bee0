namespace EdgeClassifier.Tests.Web;

/// <summary>Reads <c>/api/decisions</c> (server-sent events) in the background and counts the decisions.</summary>
internal sealed class DecisionStream : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _lines = [];
    private Task? _reader;

    public long Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Every <c>data:</c> payload so far.</summary>
    public IReadOnlyList<string> Payloads
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
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

        HttpResponseMessage response = await stream._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        stream._reader = Task.Run(async () =>
        {
            try
            {
                while (await body.ReadLineAsync(stream._stop.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        lock (stream._lines)
                        {
                            stream._lines.Add(line[6..]);
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
        _stop.Cancel();
        _http.Dispose();
        _reader?.Wait(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
