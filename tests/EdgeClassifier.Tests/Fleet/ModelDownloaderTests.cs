using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeClassifier.Fleet;

namespace EdgeClassifier.Tests.Fleet;

/// <summary>Downloads from a real HTTP server on loopback: resuming, the size cap, the hash, the offer format.</summary>
public sealed class ModelDownloaderTests
{
    private static readonly string Model = SharedAssets.OnnxModel("mobilenet_v1_0.25_128_quant.onnx");

    [Fact]
    public async Task An_interrupted_download_resumes_with_a_range_request_and_only_a_verified_file_gets_its_name()
    {
        using var directory = new TempDirectory();
        using var server = new ModelServer();
        using var http = new HttpClient();
        var file = new RemoteFile(new Uri(server.Serve("m.onnx", Model)), Sha256(Model));
        server.CutNextResponseAfter(100_000);

        string path = await new ModelDownloader(http, directory.Path, 10 << 20).FetchAsync(file, null, CancellationToken.None);

        Assert.Equal(Path.Combine(directory.Path, file.Sha256, "m.onnx"), path);
        Assert.Equal(File.ReadAllBytes(Model), File.ReadAllBytes(path));
        Assert.Equal([null, "bytes=100000-"], server.Requests.Select(r => r.Range));
        Assert.False(File.Exists(path + ".part"));
    }

    [Fact]
    public async Task Wrong_hash_and_oversized_files_are_refused_and_leave_nothing_loadable()
    {
        using var directory = new TempDirectory();
        using var server = new ModelServer();
        using var http = new HttpClient();
        var wrong = new RemoteFile(new Uri(server.Serve("m.onnx", Model)), new string('a', 64));

        var mismatch = await Assert.ThrowsAsync<DownloadException>(() => new ModelDownloader(http, directory.Path, 10 << 20).FetchAsync(wrong, null, CancellationToken.None));
        Assert.Contains("sha256 mismatch", mismatch.Message);
        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.onnx*", SearchOption.AllDirectories));

        var big = await Assert.ThrowsAsync<DownloadException>(() =>
            new ModelDownloader(http, directory.Path, 1000).FetchAsync(new RemoteFile(wrong.Url, Sha256(Model)), null, CancellationToken.None));
        Assert.Contains("over the 1000-byte limit", big.Message);
        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.onnx", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("{\"sha256\":\"00\",\"version\":\"1\"}", "url:")]
    [InlineData("{\"url\":\"ftp://x/m.onnx\",\"sha256\":\"00\",\"version\":\"1\"}", "url:")]
    [InlineData("{\"url\":\"http://x/m.onnx\",\"sha256\":\"00\",\"version\":\"1\"}", "sha256:")]
    [InlineData("{\"url\":\"http://x/m.onnx\",\"sha256\":\"" + Zeros + "\"}", "version:")]
    [InlineData("{\"url\":\"http://x/m.onnx\",\"sha256\":\"" + Zeros + "\",\"version\":\"1\",\"labels\":{\"url\":\"http://x/l\"}}", "labels.sha256:")]
    [InlineData("{\"url\":\"http://x/m.onnx\",\"sha256\":\"" + Zeros + "\",\"version\":\"1\",\"signature\":\"***\"}", "signature:")]
    public void Offers_with_a_bad_field_are_refused_naming_it(string json, string expected)
    {
        Assert.Null(ModelOffer.Parse(JsonNode.Parse(json)!.AsObject(), out string? error));
        Assert.StartsWith(expected, error);
    }

    private const string Zeros = "0000000000000000000000000000000000000000000000000000000000000000";

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
