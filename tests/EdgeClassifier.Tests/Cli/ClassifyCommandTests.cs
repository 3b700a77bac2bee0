using System.Text.Json;

namespace EdgeClassifier.Tests.Cli;

public class ClassifyCommandTests
{
    private static readonly string Model = SharedAssets.OnnxModel("mobilenet_v1_0.5_160_quant.onnx");

    [Fact]
    public void Json_output_is_one_object_per_image_with_the_reference_top5()
    {
        string[] images = ["cat.bmp", "parrot.jpg", "hot_dog.jpg"];
        var run = CliProcess.Run(["classify", "--model", Model, "--resize", "stretch", "--json", .. images.Select(SharedAssets.Image)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(images.Length, run.OutputLines.Length);
        foreach (var (line, image) in run.OutputLines.Zip(images))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(SharedAssets.Image(image), root.GetProperty("image").GetString());
            Assert.False(root.GetProperty("ambiguous").GetBoolean() && root.GetProperty("results").GetArrayLength() == 0);
            Assert.True(root.GetProperty("inferenceMs").GetDouble() > 0);
            int[] indices = root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToArray();
            Assert.Equal(ReferenceTop5("mobilenet_v1_0.5_160_quant.onnx", "images/" + image), indices);
        }
    }

    [Fact]
    public void Barcodes_adds_the_codes_each_image_holds_and_an_empty_list_where_there_is_none()
    {
        string ean13 = Path.Combine(SharedAssets.BarcodesDirectory, "ean13-3", "01.png");
        var run = CliProcess.Run("classify", "--model", Model, "--json", "--barcodes", ean13, SharedAssets.Image("owl.jpg"));

        Assert.Equal(0, run.ExitCode);
        JsonElement[] lines = [.. run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal(2, lines.Length);
        JsonElement code = Assert.Single(lines[0].GetProperty("codes").EnumerateArray());
        Assert.Equal("EAN_13", code.GetProperty("format").GetString());
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(ean13, ".txt")).Trim(), code.GetProperty("text").GetString());
        Assert.True(lines[0].GetProperty("results").GetArrayLength() > 0, "the image is still classified");
        Assert.Equal(0, lines[1].GetProperty("codes").GetArrayLength());
    }

    [Fact]
    public void Without_barcodes_there_is_no_codes_property_and_a_bad_format_is_exit_code_2()
    {
        var plain = CliProcess.Run("classify", "--model", Model, "--json", SharedAssets.Image("owl.jpg"));
        Assert.False(JsonDocument.Parse(plain.OutputLines[0]).RootElement.TryGetProperty("codes", out _));

        var bad = CliProcess.Run("classify", "--model", Model, "--barcodes", "--barcode-formats", "EAN_99", SharedAssets.Image("owl.jpg"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--barcode-formats", bad.Error);
    }

    [Fact]
    public void Table_output_shows_rank_label_score_and_timing()
    {
        var run = CliProcess.Run("classify", "--model", Model, "--top-k", "3", SharedAssets.Image("cat.bmp"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("inference", run.OutputLines[0]);
        Assert.Matches(@"^\s+1\s+286\s+0\.\d{4}\s+Egyptian cat$", run.OutputLines[2]);
        Assert.Equal(5, run.OutputLines.Length);
    }

    [Fact]
    public void Threshold_hides_low_scores()
    {
        var run = CliProcess.Run("classify", "--model", Model, "--json", "--threshold", "0.5", SharedAssets.Image("cat.bmp"));
        using var json = JsonDocument.Parse(run.OutputLines[0]);
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("score").GetDouble() >= 0.5));
    }

    [Fact]
    public void Corrupt_and_empty_images_are_named_with_exit_code_2_and_the_rest_still_classified()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("empty.jpg"), []);
        byte[] jpeg = File.ReadAllBytes(SharedAssets.Image("owl.jpg"));
        File.WriteAllBytes(dir.File("garbage.png"), [.. jpeg.Take(64).Select(b => (byte)~b)]);

        var run = CliProcess.Run("classify", "--model", Model, "--json", dir.File("empty.jpg"), dir.File("garbage.png"), SharedAssets.Image("cat.bmp"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{dir.File("empty.jpg")}: the file is empty", run.Error);
        Assert.Contains($"{dir.File("garbage.png")}: not a supported image", run.Error);
        Assert.Single(run.OutputLines);
    }

    [Fact]
    public void Truncated_jpeg_is_reported()
    {
        using var dir = new TempDirectory();
        byte[] jpeg = File.ReadAllBytes(SharedAssets.Image("owl.jpg"));
        File.WriteAllBytes(dir.File("cut.jpg"), jpeg[..(jpeg.Length / 3)]);
        var run = CliProcess.Run("classify", "--model", Model, dir.File("cut.jpg"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{dir.File("cut.jpg")}: the image data is truncated", run.Error);
    }

    [Fact]
    public void Missing_model_is_one_line_and_exit_code_2()
    {
        var run = CliProcess.Run("classify", "--model", "/no/such/model.onnx", SharedAssets.Image("cat.bmp"));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("edgeclassifier: /no/such/model.onnx: model file not found.", run.Error.Trim());
    }

    [Fact]
    public void Bad_option_value_is_exit_code_2()
    {
        var run = CliProcess.Run("classify", "--model", Model, "--top-k", "0", SharedAssets.Image("cat.bmp"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--top-k must be at least 1", run.Error);
    }

    private static int[] ReferenceTop5(string model, string image) =>
        SharedAssets.Expected.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("model").GetString() == model && r.GetProperty("image").GetString() == image)
            .GetProperty("top5").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToArray();
}
