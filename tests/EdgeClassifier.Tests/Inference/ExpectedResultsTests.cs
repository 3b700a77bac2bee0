using EdgeClassifier.Decisions;
using EdgeClassifier.Inference;
using EdgeClassifier.Tests.Preprocessing;

namespace EdgeClassifier.Tests.Inference;

/// <summary>Every (model, image) pair in expected.json: same top-5 indices; exact scores where the decode is exact.</summary>
public class ExpectedResultsTests
{
    public static TheoryData<string> ClassifierModels()
    {
        var data = new TheoryData<string>();
        foreach (var model in SharedAssets.Expected.GetProperty("models").EnumerateObject())
        {
            if (model.Value.GetProperty("kind").GetString() == "classifier")
            {
                data.Add(Path.GetFileName(model.Value.GetProperty("file").GetString()!));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClassifierModels))]
    public void Top5_matches_the_reference_for_every_image(string model)
    {
        using var classifier = ImageClassifier.Load(new ModelOptions { Path = SharedAssets.OnnxModel(model) });
        var ranker = new ResultRanker(classifier.Contract.Labels, new ClassificationOptions { MaxResults = 5 });
        ClassificationResult result = ranker.CreateResult();
        int checkedImages = 0;
        foreach (var expected in SharedAssets.Expected.GetProperty("results").EnumerateArray())
        {
            if (expected.GetProperty("model").GetString() != model)
            {
                continue;
            }

            string image = expected.GetProperty("image").GetString()!;
            classifier.Classify(ReferenceHashTests.LoadImage(image).View, ranker, result);
            var reference = expected.GetProperty("top5").EnumerateArray().ToArray();
            int[] expectedIndices = reference.Select(r => r.GetProperty("index").GetInt32()).ToArray();
            int[] actualIndices = result.ToArray().Select(c => c.Index).ToArray();
            Assert.True(expectedIndices.SequenceEqual(actualIndices), $"{model} {image}: expected [{string.Join(",", expectedIndices)}], got [{string.Join(",", actualIndices)}]");
            Assert.Equal(reference[0].GetProperty("label").GetString(), result.Best.Label);
            if (!image.EndsWith(".jpg", StringComparison.Ordinal))
            {
                for (int i = 0; i < 5; i++)
                {
                    Assert.Equal(reference[i].GetProperty("score").GetDouble(), result.Top[i].Score, 1e-5); // expected.json rounds to 6 places
                }
            }

            checkedImages++;
        }

        Assert.True(checkedImages >= 16, $"only {checkedImages} reference images for {model}");
    }
}
