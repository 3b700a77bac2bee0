using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace EdgeClassifier.Fleet;

/// <summary>
/// Fetches offered files over HTTP(S) into the state directory. Bytes go to <c>&lt;name&gt;.part</c>, which is
/// resumed with a Range request after an interruption and only renamed to its final name once its SHA-256 matches,
/// so a partial or tampered file is never loaded. Files larger than the cap are refused before and during transfer.
/// </summary>
public sealed class ModelDownloader(HttpClient http, string directory, long maxBytes)
{
    private const int Attempts = 3;

    /// <summary>
    /// Downloads <paramref name="file"/> (or finds it already complete) as <c>&lt;sha256&gt;/&lt;fileName&gt;</c> and
    /// returns the verified path; <paramref name="fileName"/> defaults to the URL's last segment.
    /// </summary>
    public async Task<string> FetchAsync(RemoteFile file, string? fileName, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(directory, file.Sha256);
        Directory.CreateDirectory(folder);
        string final = Path.Combine(folder, fileName ?? SafeName(file.Url));
        if (File.Exists(final) && await HashAsync(final, cancellationToken).ConfigureAwait(false) == file.Sha256)
        {
            return final;
        }

        string part = final + ".part";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await TransferAsync(file.Url, part, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt < Attempts && ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // Keep the partial file: the next attempt asks only for the rest.
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new DownloadException($"download of {file.Url} failed: {ex.Message}", ex);
            }
        }

        string actual = await HashAsync(part, cancellationToken).ConfigureAwait(false);
        if (actual != file.Sha256)
        {
            File.Delete(part);
            throw new DownloadException($"sha256 mismatch for {file.Url}: expected {file.Sha256}, got {actual}");
        }

        File.Move(part, final, overwrite: true);
        return final;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    private static string SafeName(Uri url)
    {
        string name = Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath));
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && name[0] != '.' ? name : "model.onnx";
    }

    private async Task TransferAsync(Uri url, string part, CancellationToken cancellationToken)
    {
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            return; // the partial file is already whole; the hash decides
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DownloadException($"download of {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
        long start = resumed ? have : 0;
        long? total = resumed ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
        if (total > maxBytes)
        {
            throw new DownloadException($"{url} is {total} bytes, over the {maxBytes}-byte limit (Model:MaxDownloadMegabytes)");
        }

        await using var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write);
        await using Stream input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[81920];
        long written = start;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            written += read;
            if (written > maxBytes)
            {
                output.Close();
                File.Delete(part);
                throw new DownloadException($"{url} exceeds the {maxBytes}-byte limit (Model:MaxDownloadMegabytes)");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
