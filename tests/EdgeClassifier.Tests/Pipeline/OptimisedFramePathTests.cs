using System.Reflection;
using EdgeClassifier.Decisions;
using EdgeClassifier.Preprocessing;

namespace EdgeClassifier.Tests.Pipeline;

/// <summary>
/// The frame path's loops are compiled optimised at their first call. Left to tiered compilation they ran as tier-0
/// code (no inlining of the per-pixel helpers) for the first seconds after start: preprocessing took up to 48 ms
/// instead of 0.35 ms in the soak, those frames missed the 33 ms budget and the degrade policy started skipping.
/// </summary>
public class OptimisedFramePathTests
{
    [Theory]
    [InlineData(typeof(Preprocessor), nameof(Preprocessor.Run))]
    [InlineData(typeof(NeighbourSampler), "Load")]
    [InlineData(typeof(NeighbourSampler), "Blend")]
    [InlineData(typeof(TensorRowWriter), nameof(TensorRowWriter.InterleaveBytes))]
    [InlineData(typeof(TensorRowWriter), nameof(TensorRowWriter.Bytes))]
    [InlineData(typeof(TensorRowWriter), nameof(TensorRowWriter.Normalised))]
    [InlineData(typeof(ResultRanker), nameof(ResultRanker.Rank))]
    public void Per_frame_loops_skip_tier_zero(Type type, string name)
    {
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == name)
            .ToList();

        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.True(
            m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization),
            $"{type.Name}.{m.Name} is not marked AggressiveOptimization"));
    }
}
