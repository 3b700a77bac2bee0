using EdgeClassifier.Decisions;

namespace EdgeClassifier.Tests.Decisions;

public class DecisionMakerTests
{
    private static readonly string[] Labels = ["background", "cat", "dog", "fox"];

    private static ClassificationResult Frame(ResultRanker ranker, params float[] scores)
    {
        var result = ranker.CreateResult();
        ranker.Rank(scores, result);
        return result;
    }

    private static List<string> Run(DecisionOptions options, ClassificationOptions classification, params float[][] frames)
    {
        var ranker = new ResultRanker(Labels, classification);
        var maker = new DecisionMaker(options, Labels);
        var emitted = new List<string>();
        foreach (float[] scores in frames)
        {
            ClassificationResult result = Frame(ranker, scores);
            if (maker.Update(result))
            {
                Decision d = maker.Emit(result, DateTimeOffset.UnixEpoch, "f", 0);
                emitted.Add(d.Ambiguous ? "ambiguous" : d.Label ?? "none");
            }
        }

        return emitted;
    }

    [Fact]
    public void Stable_mode_waits_for_n_consecutive_frames()
    {
        var options = new DecisionOptions { Mode = DecisionMode.Stable, StableFrames = 3 };
        float[] cat = [0, 0.9f, 0.05f, 0.05f], dog = [0, 0.05f, 0.9f, 0.05f];
        Assert.Equal(["cat", "dog"], Run(options, new(), cat, cat, cat, dog, cat, dog, dog, dog));
    }

    [Fact]
    public void Percent_mode_accepts_a_majority_of_the_window()
    {
        var options = new DecisionOptions { Mode = DecisionMode.Stable, StableFrames = 5, StablePercent = 60 };
        float[] cat = [0, 0.9f, 0.05f, 0.05f], dog = [0, 0.05f, 0.9f, 0.05f];
        Assert.Equal(["cat"], Run(options, new(), cat, dog, cat, cat, dog));
    }

    [Fact]
    public void Hysteresis_keeps_a_label_down_to_the_exit_score_but_needs_the_enter_score_to_start()
    {
        var options = new DecisionOptions { Mode = DecisionMode.Instant, EnterScore = 0.6f, ExitScore = 0.3f };
        var classification = new ClassificationOptions { AmbiguityMargin = 0f };
        Assert.Equal(
            ["none", "cat", "none"],
            Run(options, classification, [0, 0.5f, 0.3f, 0.2f], [0, 0.7f, 0.2f, 0.1f], [0, 0.4f, 0.35f, 0.25f], [0, 0.35f, 0.33f, 0.32f], [0, 0.25f, 0.2f, 0.15f]));
    }

    [Fact]
    public void Ambiguous_is_a_state_of_its_own_and_nothing_above_the_threshold_is_no_match()
    {
        var options = new DecisionOptions { Mode = DecisionMode.Instant, EnterScore = 0.3f, ExitScore = 0.3f };
        Assert.Equal(
            ["cat", "ambiguous", "none"],
            Run(options, new ClassificationOptions { ScoreThreshold = 0.3f }, [0, 0.8f, 0.1f, 0.1f], [0, 0.45f, 0.4f, 0.15f], [0, 0.25f, 0.24f, 0.01f]));
    }
}
