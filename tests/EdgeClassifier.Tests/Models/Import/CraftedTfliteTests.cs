using EdgeClassifier.Hosting;
using System.IO.Compression;
using EdgeClassifier.Cli;
using EdgeClassifier.Models.Import;
using static EdgeClassifier.Tests.Models.Import.TinyTflite;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>
/// A TFLite file is untrusted input: indices, shapes and sizes in it are whatever the file says. Each crafted file
/// here once escaped as an index or argument error (an unhandled crash of <c>import</c>); now each is a one-line
/// <see cref="ModelImportException"/> and exit code 2.
/// </summary>
public sealed class CraftedTfliteTests : IDisposable
{
    private const int Add = 0, Conv = 3, DepthwiseConv = 4, Pad = 34, Mean = 40, Concatenation = 2, AveragePool = 1;
    private readonly TempFolder _folder = new();

    [Fact]
    public void An_operator_input_beyond_the_tensor_list_is_named()
    {
        var error = Import("index.tflite", Build([new("a", [1, 4]), new("sum", [1, 4])], [new(Add, [0, 99], [1])], [0], [1]));

        Assert.Equal("index.tflite: the inputs of operator 0 (ADD) refer to tensor 99, but the model has 2 tensors", error);
    }

    [Fact]
    public void A_model_output_beyond_the_tensor_list_is_named()
    {
        var error = Import("output.tflite", Build([new("a", [1, 4])], [], [0], [7]));

        Assert.Equal("output.tflite: the model's outputs refer to tensor 7, but the model has 1 tensors", error);
    }

    [Fact]
    public void Negative_dimensions_are_refused_even_when_their_product_matches_the_data()
    {
        // [-1,-1,4] has the same element count as [1,1,4], so the size check alone lets it through.
        TensorSpec[] tensors = [new("in", [1, 1, 1, 4]), TensorSpec.Floats("w", [-1, -1, 4], 1, 2, 3, 4), new("out", [1, 1, 1, 4])];

        var error = Import("negative.tflite", Build(tensors, [new(Add, [0, 1], [2])], [0], [2]));

        Assert.Equal("negative.tflite: tensor 'w' has a negative dimension in its shape [-1,-1,4]", error);
    }

    [Fact]
    public void A_required_input_left_out_is_named()
    {
        var error = Import("optional.tflite", Build([new("a", [1, 4]), new("sum", [1, 4])], [new(Add, [0, -1], [1])], [0], [1]));

        Assert.Equal("optional.tflite: operator ADD producing tensor 'sum' leaves out its required input 1", error);
    }

    [Theory]
    [InlineData(Conv, "operator CONV_2D producing tensor 'out' needs input 1 ('w') of rank 4, but its shape is [2,2]")]
    [InlineData(DepthwiseConv, "operator DEPTHWISE_CONV_2D producing tensor 'out' needs input 1 ('w') of rank 4, but its shape is [2,2]")]
    public void Convolution_weights_of_the_wrong_rank_are_named(int code, string message)
    {
        TensorSpec[] tensors = [new("in", [1, 2, 2, 2]), TensorSpec.Floats("w", [2, 2], 1, 2, 3, 4), new("out", [1, 2, 2, 2])];

        var error = Import("conv.tflite", Build(tensors, [new(code, [0, 1], [2])], [0], [2]));

        Assert.Equal($"conv.tflite: {message}", error);
    }

    [Fact]
    public void A_pool_over_a_flat_input_is_named()
    {
        var error = Import("pool.tflite", Build([new("in", [1, 4]), new("out", [1, 4])], [new(AveragePool, [0], [1])], [0], [1]));

        Assert.Equal("pool.tflite: operator AVERAGE_POOL_2D producing tensor 'out' needs input 0 ('in') of rank 4, but its shape is [1,4]", error);
    }

    [Fact]
    public void Too_few_paddings_are_named()
    {
        TensorSpec[] tensors = [new("in", [1, 2, 2, 1]), TensorSpec.Ints("pads", [2], 1, 1), new("out", [1, 4, 2, 1])];

        var error = Import("pad.tflite", Build(tensors, [new(Pad, [0, 1], [2])], [0], [2]));

        Assert.Equal("pad.tflite: operator PAD producing tensor 'out' has 2 padding values for an input of rank 4; it needs 8", error);
    }

    [Fact]
    public void Axes_outside_the_tensor_are_named()
    {
        TensorSpec[] tensors = [new("in", [1, 2, 2, 1]), TensorSpec.Ints("axes", [1], 9), new("out", [1, 2, 2])];
        var mean = Import("mean.tflite", Build(tensors, [new(Mean, [0, 1], [2])], [0], [2]));
        TensorSpec[] two = [new("a", [1, 2]), new("b", [1, 2]), new("ab", [1, 4])];
        var concat = Import("concat.tflite", Build(two, [new(Concatenation, [0, 1], [2], (0, -5))], [0], [2]));

        Assert.Equal("mean.tflite: operator MEAN names axis 9 of tensor 'in', whose shape [1,2,2,1] has no such axis", mean);
        Assert.Equal("concat.tflite: operator CONCATENATION names axis -5 of tensor 'ab', whose shape [1,4] has no such axis", concat);
    }

    [Fact]
    public void Per_axis_quantization_along_a_missing_axis_is_named()
    {
        TensorSpec[] tensors = [new("in", [1, 2], Int8, Scales: [0.5f], ZeroPoints: [0]), new("out", [1, 2], Int8, Scales: [0.5f, 0.25f], Axis: 3)];

        var error = Import("axis.tflite", Build(tensors, [new(Add, [0, 0], [1])], [0], [1]));

        Assert.Equal("axis.tflite: tensor 'out' is quantized along axis 3, but its shape [1,2] has no such axis", error);
    }

    [Fact]
    public void An_output_without_classes_is_named()
    {
        var error = Import("empty.tflite", Build([new("in", [1, 4]), new("none", [1, 0])], [new(14, [0], [1])], [0], [1]));

        Assert.Equal("empty.tflite: the output tensor 'none' has shape [1,0]; a classifier has at least one class", error);
    }

    [Fact]
    public void A_zip_entry_that_inflates_past_the_cap_is_refused_without_reading_it_all()
    {
        // 5 MiB of one repeated line compresses to a few KiB: the declared size is not what is trusted.
        byte[] huge = new byte[5 << 20];
        Array.Fill(huge, (byte)'a');
        var model = Build([new("in", [1, 4]), new("out", [1, 4])], [new(14, [0], [1])], [0], [1]);
        var path = _folder.File("bomb.zip");
        File.WriteAllBytes(path, TfliteFiles.Zip(("model.tflite", model), ("labels.txt", huge)));

        var error = Assert.Throws<ModelImportException>(() => TfliteImporter.Import(path, _folder.File("out.onnx"))).Message;

        Assert.Equal($"{path}: zip entry 'labels.txt' holds more than {EmbeddedZip.MaxTextEntryBytes} bytes once decompressed", error);
        Assert.True(new FileInfo(path).Length < 64 << 10, "the crafted zip stays small");
    }

    [Fact]
    public void The_cli_exits_2_with_the_message_for_a_crafted_file()
    {
        var path = _folder.File("cli.tflite");
        File.WriteAllBytes(path, Build([new("a", [1, 4]), new("sum", [1, 4])], [new(Add, [0, 99], [1])], [0], [1]));

        Assert.Equal(ExitCodes.BadInput, CliApp.Run(["import", path, "-o", _folder.File("cli.onnx")]));
    }

    public void Dispose() => _folder.Dispose();

    private string Import(string name, byte[] model)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, model);
        return Assert.Throws<ModelImportException>(() => TfliteImporter.Import(path, _folder.File("out.onnx"))).Message;
    }
}
