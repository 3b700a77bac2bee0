using System.Text.Json;

namespace EdgeClassifier.Tests.Cli;

public class ScanCommandTests
{
    private static readonly string Ean13 = Path.Combine(SharedAssets.BarcodesDirectory, "ean13-3", "01.png");
    private static readonly string QrCode = Path.Combine(SharedAssets.BarcodesDirectory, "qrcode-2", "1.png");

    [Fact]
    public void Json_is_one_line_per_image_with_text_format_and_normalised_points()
    {
        var run = CliProcess.Run("scan", "--json", Ean13, QrCode, SharedAssets.Image("owl.jpg"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.OutputLines.Length);
        JsonElement[] lines = [.. run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement)];
        AssertCode(lines[0], Ean13, "EAN_13");
        AssertCode(lines[1], QrCode, "QR_CODE");
        Assert.Equal(SharedAssets.Image("owl.jpg"), lines[2].GetProperty("image").GetString());
        Assert.Equal(0, lines[2].GetProperty("codes").GetArrayLength());
    }

    [Fact]
    public void Formats_limit_what_is_read_and_are_case_insensitive()
    {
        var run = CliProcess.Run("scan", "--json", "--formats", "qr_code,Data_Matrix", Ean13, QrCode);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(run.OutputLines[0]).RootElement.GetProperty("codes").GetArrayLength());
        AssertCode(JsonDocument.Parse(run.OutputLines[1]).RootElement, QrCode, "QR_CODE");
    }

    [Fact]
    public void Text_output_names_the_format_and_the_code()
    {
        var run = CliProcess.Run("scan", "--try-harder", Ean13, SharedAssets.Image("owl.jpg"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{Ean13}: EAN_13 {File.ReadAllText(Path.ChangeExtension(Ean13, ".txt"))}", run.OutputLines[0]);
        Assert.Equal($"{SharedAssets.Image("owl.jpg")}: no code found", run.OutputLines[1]);
    }

    [Fact]
    public void Unreadable_images_are_named_with_exit_code_2_and_the_rest_still_scanned()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("empty.png"), []);
        File.WriteAllText(dir.File("text.png"), "not an image");

        var run = CliProcess.Run("scan", "--json", dir.File("empty.png"), dir.File("text.png"), dir.File("missing.png"), Ean13);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{dir.File("empty.png")}: the file is empty", run.Error);
        Assert.Contains($"{dir.File("text.png")}: not a supported image", run.Error);
        Assert.Contains($"{dir.File("missing.png")}: file not found", run.Error);
        AssertCode(JsonDocument.Parse(Assert.Single(run.OutputLines)).RootElement, Ean13, "EAN_13");
    }

    [Fact]
    public void An_unknown_format_is_a_one_line_error_with_exit_code_2()
    {
        var run = CliProcess.Run("scan", "--formats", "EAN_13,EAN_99", Ean13);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.StartsWith("edgeclassifier: --formats: unknown barcode format 'EAN_99'; known formats: AZTEC,", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AssertCode(JsonElement line, string image, string format)
    {
        Assert.Equal(image, line.GetProperty("image").GetString());
        JsonElement code = Assert.Single(line.GetProperty("codes").EnumerateArray());
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(image, ".txt")), code.GetProperty("text").GetString());
        Assert.Equal(format, code.GetProperty("format").GetString());
        JsonElement[] points = [.. code.GetProperty("points").EnumerateArray()];
        Assert.NotEmpty(points);
        Assert.All(points, point =>
        {
            Assert.Equal(2, point.GetArrayLength());
            Assert.All(point.EnumerateArray(), v => Assert.InRange(v.GetDouble(), 0, 1));
        });
    }
}
