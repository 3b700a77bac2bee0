using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>
/// The pattern of ONNX Runtime's C# image-classification tutorial, per frame: decode the (MJPEG) frame, resize it,
/// fill a DenseTensor pixel by pixel, Run with NamedOnnxValue inputs, softmax and sort the scores.
/// </summary>
internal sealed class TutorialPattern : IContender
{
    private readonly Frames _frames;
    private readonly InferenceSession _session;
    private readonly int _inputSize;

    public TutorialPattern(string modelPath, Frames frames, int inputSize)
    {
        _frames = frames;
        _inputSize = inputSize;
        _session = new InferenceSession(modelPath);
    }

    public int Classify(int index)
    {
        using SKBitmap decoded = SKBitmap.Decode(_frames.Jpeg[index]);
        using SKBitmap resized = decoded.Resize(new SKImageInfo(_inputSize, _inputSize), SKFilterQuality.Medium);
        var tensor = new DenseTensor<byte>([1, _inputSize, _inputSize, 3]);
        for (int y = 0; y < _inputSize; y++)
        {
            for (int x = 0; x < _inputSize; x++)
            {
                SKColor pixel = resized.GetPixel(x, y);
                tensor[0, y, x, 0] = pixel.Red;
                tensor[0, y, x, 1] = pixel.Green;
                tensor[0, y, x, 2] = pixel.Blue;
            }
        }

        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input", tensor) };
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs);
        float[] scores = results.First().AsEnumerable<float>().ToArray();
        float max = scores.Max();
        float[] exp = scores.Select(s => MathF.Exp(s - max)).ToArray();
        float sum = exp.Sum();
        return exp.Select((e, i) => (Score: e / sum, Index: i)).OrderByDescending(p => p.Score).Take(5).First().Index;
    }

    public void Dispose() => _session.Dispose();
}
