using System.Runtime.InteropServices;
using EdgeClassifier.Hardware.Camera;

namespace EdgeClassifier.Preprocessing;

/// <summary>
/// Runs the vectorised <see cref="Preprocessor"/> and the scalar <see cref="ReferencePreprocessor"/> on the same image
/// for a few tensor shapes and geometries, and says where they first disagree. Used on real hardware (a real camera
/// buffer, an ARM core) where the unit tests cannot go; each case keeps its own <see cref="Preprocessor"/>, so its
/// cached sampling plan is exercised across frames as in the service.
/// </summary>
public sealed class PreprocessingCrossCheck
{
    private readonly List<CrossCheckCase> _cases;

    /// <summary>Creates the cases: a MobileNet-sized uint8 input as the service uses it, then harder geometries.</summary>
    public PreprocessingCrossCheck()
    {
        _cases =
        [
            new("uint8-nhwc-stretch-128", InputTensorSpec.UInt8(128, 128), PreprocessOptions.Default),
            // Widths that are not a multiple of the vector size reach the scalar tails of every loop.
            new("uint8-nhwc-stretch-127x96", InputTensorSpec.UInt8(127, 96), PreprocessOptions.Default),
            new("float-nchw-crop-rot90-64", InputTensorSpec.Float(64, 64, TensorLayout.Nchw, 127.5f, 127.5f), new PreprocessOptions { Resize = ResizeMode.Crop, Rotation = 90 }),
            new("uint8-nhwc-letterbox-flip-roi-50x40", InputTensorSpec.UInt8(50, 40), new PreprocessOptions { Resize = ResizeMode.Letterbox, FlipHorizontal = true, RegionOfInterest = [0.1f, 0.2f, 0.9f, 0.7f] }),
        ];
    }

    /// <summary>The case names, in the order <see cref="Compare"/> checks them.</summary>
    public IEnumerable<string> CaseNames => _cases.Select(c => c.Name);

    /// <summary>
    /// Preprocesses <paramref name="image"/> both ways for every case. Returns null when every element of every case is
    /// bit-identical, else a description of the first difference.
    /// </summary>
    public string? Compare(ImageView image)
    {
        foreach (CrossCheckCase check in _cases)
        {
            if (check.Compare(image) is { } difference)
            {
                return $"{check.Name}: {difference}";
            }
        }

        return null;
    }

    private sealed class CrossCheckCase(string name, InputTensorSpec spec, PreprocessOptions options)
    {
        private readonly Preprocessor _vectorised = new(spec, options);
        private readonly byte[] _fast = new byte[spec.ElementCount * (spec.ElementType == TensorElementType.Float32 ? sizeof(float) : 1)];
        private readonly byte[] _reference = new byte[spec.ElementCount * (spec.ElementType == TensorElementType.Float32 ? sizeof(float) : 1)];

        public string Name => name;

        public string? Compare(ImageView image)
        {
            if (spec.ElementType == TensorElementType.Float32)
            {
                _vectorised.Run(image, MemoryMarshal.Cast<byte, float>(_fast.AsSpan()));
                ReferencePreprocessor.Run(image, spec, options, MemoryMarshal.Cast<byte, float>(_reference.AsSpan()));
            }
            else
            {
                _vectorised.Run(image, _fast.AsSpan());
                ReferencePreprocessor.Run(image, spec, options, _reference.AsSpan());
            }

            int index = _fast.AsSpan().CommonPrefixLength(_reference);
            if (index == _fast.Length)
            {
                return null;
            }

            int elementSize = spec.ElementType == TensorElementType.Float32 ? sizeof(float) : 1;
            return $"element {index / elementSize} of {spec.ElementCount} differs";
        }
    }
}
