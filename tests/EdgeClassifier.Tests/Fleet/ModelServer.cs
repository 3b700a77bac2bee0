using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>
/// A real HTTP server on loopback (HttpListener) serving files for rollouts, with Range support. It records every
/// request (path and Range header) and can drop the connection after a number of bytes, once, to test resuming.
/// </summary>
public sealed class ModelServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _cutAfterBytes;

    public ModelServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = Mqtt.MosquittoBroker.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Requests seen: path and Range header (null when none).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>Serves <paramref name="file"/> at /<paramref name="name"/>; returns its URL.</summary>
    public string Serve(string name, string file)
    {
        lock (_files)
        {
            _files[name] = file;
        }

        return $"http://127.0.0.1:{Port}/{name}";
    }

    /// <summary>The next full response is cut after <paramref name="bytes"/> bytes (the connection drops).</summary>
    public void CutNextResponseAfter(int bytes) => _cutAfterBytes = bytes;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener stopped under a pending accept.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Respond(context));
        }
    }

    private async Task Respond(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath.TrimStart('/');
        string? range = context.Request.Headers["Range"];
        Requests.Enqueue((path, range));
        HttpListenerResponse response = context.Response;
        string? file;
        lock (_files)
        {
            _files.TryGetValue(path, out file);
        }

        try
        {
            if (file is null)
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            byte[] bytes = await File.ReadAllBytesAsync(file);
            long start = 0;
            if (range is not null && RangeHeaderValue.TryParse(range, out var parsed) && parsed.Ranges.First().From is { } from)
            {
                if (from >= bytes.Length)
                {
                    response.StatusCode = 416;
                    response.Close();
                    return;
                }

                start = from;
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
            }

            response.ContentLength64 = bytes.Length - start;
            int cut = Interlocked.Exchange(ref _cutAfterBytes, 0);
            if (cut > 0)
            {
                await response.OutputStream.WriteAsync(bytes.AsMemory((int)start, cut));
                await response.OutputStream.FlushAsync();
                response.Abort(); // the client sees the connection drop mid-body
                return;
            }

            await response.OutputStream.WriteAsync(bytes.AsMemory((int)start));
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }
}
