using EdgeClassifier.Selection;

namespace EdgeClassifier.Tests.Selection;

/// <summary>The ranking rule alone: accuracy first within the budget, unknown accuracy last, failures at the end.</summary>
public class ModelRankingTests
{
    [Fact]
    public void Picks_the_most_accurate_model_that_keeps_the_budget_and_says_why_the_others_lost()
    {
        var ranking = ModelRanking.Rank(
            [
                Measured("slow.onnx", p99: 50, top1: 0.9),
                Measured("fast.onnx", p99: 5, top1: 0.6),
                Measured("middle.onnx", p99: 20, top1: 0.8),
                Measured("twin.onnx", p99: 25, top1: 0.8),
                Measured("unknown.onnx", p99: 1, top1: null),
                new ModelMeasurement("broken.onnx", "/m/broken.onnx", 1) { Error = "bench: no labels" },
            ],
            budgetMs: 33);

        Assert.Equal("middle.onnx", ranking.Recommended?.Model);
        Assert.Equal(["slow.onnx", "middle.onnx", "twin.onnx", "fast.onnx", "unknown.onnx", "broken.onnx"], ranking.Models.Select(m => m.Measurement.Model));
        string Verdict(string model) => ranking.Models.Single(m => m.Measurement.Model == model).Verdict;
        Assert.Equal("p99 50.0 ms is over the 33 ms budget", Verdict("slow.onnx"));
        Assert.StartsWith("as accurate, slower", Verdict("twin.onnx"));
        Assert.StartsWith("less accurate (top-1 60.0%", Verdict("fast.onnx"));
        Assert.StartsWith("no accuracy known", Verdict("unknown.onnx"));
        Assert.Equal("failed: bench: no labels", Verdict("broken.onnx"));
    }

    [Fact]
    public void No_recommendation_when_every_model_is_over_budget()
    {
        var ranking = ModelRanking.Rank([Measured("a.onnx", p99: 40, top1: 0.5)], budgetMs: 33);

        Assert.Null(ranking.Recommended);
        Assert.Contains("\"recommended\":null", ModelRankingWriter.Json(ranking));
        Assert.EndsWith("none — no model's p99 keeps the budget", ModelRankingWriter.Text(ranking));
    }

    [Fact]
    public void Without_any_accuracy_the_fastest_model_in_budget_wins()
    {
        var ranking = ModelRanking.Rank([Measured("b.onnx", p99: 9, top1: null), Measured("a.onnx", p99: 3, top1: null)], budgetMs: 33);

        Assert.Equal("a.onnx", ranking.Recommended?.Model);
        Assert.Contains("no model has a known accuracy", ranking.Models[0].Verdict);
    }

    private static ModelMeasurement Measured(string name, double p99, double? top1) => new(name, "/m/" + name, 1000)
    {
        P50Ms = p99 / 2,
        P99Ms = p99,
        Top1 = top1,
        Top5 = top1,
        AccuracySource = top1 is null ? AccuracySource.None : AccuracySource.Dataset,
    };
}
