using EdgeClassifier.Decisions;

namespace EdgeClassifier.Tests.Inference;

public class ResultRankerTests
{
    private static readonly string[] Labels = ["background", "cat", "dog", "fox", "owl"];

    private static ClassificationResult Rank(ClassificationOptions options, params float[] scores)
    {
        var ranker = new ResultRanker(Labels, options);
        var result = ranker.CreateResult();
        ranker.Rank(scores, result);
        return result;
    }

    [Fact]
    public void Top_k_is_ordered_by_score_then_lower_index()
    {
        var result = Rank(new ClassificationOptions { MaxResults = 3 }, 0.1f, 0.3f, 0.1f, 0.3f, 0.2f);
        Assert.Equal([1, 3, 4], result.ToArray().Select(c => c.Index));
    }

    [Fact]
    public void Threshold_and_per_label_minimums_filter()
    {
        var options = new ClassificationOptions { ScoreThreshold = 0.15f, MinScores = new() { ["cat"] = 0.5f } };
        var result = Rank(options, 0.1f, 0.3f, 0.1f, 0.25f, 0.25f);
        Assert.Equal(["fox", "owl"], result.ToArray().Select(c => c.Label));
    }

    [Fact]
    public void Allowlist_and_denylist_limit_the_labels()
    {
        Assert.Equal(["dog", "owl"], Rank(new ClassificationOptions { CategoryAllowlist = ["dog", "owl"] }, 0.1f, 0.5f, 0.2f, 0.1f, 0.1f).ToArray().Select(c => c.Label));
        Assert.DoesNotContain("cat", Rank(new ClassificationOptions { CategoryDenylist = ["cat"] }, 0.1f, 0.5f, 0.2f, 0.1f, 0.1f).ToArray().Select(c => c.Label));
    }

    [Fact]
    public void Allowlist_and_denylist_together_are_a_config_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ResultRanker(Labels, new ClassificationOptions { CategoryAllowlist = ["cat"], CategoryDenylist = ["dog"] }));
        Assert.Contains("mutually exclusive", ex.Message);
    }

    [Fact]
    public void Unknown_label_in_a_list_is_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ResultRanker(Labels, new ClassificationOptions { CategoryAllowlist = ["zebra"] }));
        Assert.Equal("Classification:CategoryAllowlist names 'zebra', which is not one of the model's labels.", ex.Message);
    }

    [Theory]
    [InlineData(0.50f, 0.40f, true)]
    [InlineData(0.70f, 0.20f, false)]
    [InlineData(0.45f, 0.30f, true)]
    public void Ambiguous_when_no_label_is_clearly_ahead(float first, float second, bool ambiguous)
    {
        var result = Rank(new ClassificationOptions { AmbiguityMargin = 0.2f, ScoreThreshold = 0.35f }, 0f, first, second, 0f, 0f);
        Assert.Equal(ambiguous, result.Ambiguous);
        Assert.Equal("cat", result.Best.Label); // the flag sits beside the top-K, it never hides it
    }

    [Fact]
    public void Nothing_above_the_threshold_is_no_match()
    {
        var result = Rank(new ClassificationOptions { ScoreThreshold = 0.9f }, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f);
        Assert.False(result.HasMatch);
        Assert.True(result.Ambiguous);
    }
}
