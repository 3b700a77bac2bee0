using EdgeClassifier.Models.Training;

namespace EdgeClassifier.Tests.Models;

public class SoftmaxHeadTrainerTests
{
    [Fact]
    public void Learns_classes_that_differ_in_direction_and_imprinting_agrees()
    {
        // Three classes around three directions of an 8-d space, with noise; normalised like real embeddings.
        var random = new Random(3);
        var samples = new List<EmbeddingSample>();
        for (int n = 0; n < 60; n++)
        {
            int c = n % 3;
            float[] x = Enumerable.Range(0, 8).Select(i => (float)(random.NextDouble() * 0.3) + (i == c * 2 ? 1f : 0f)).ToArray();
            samples.Add(new EmbeddingSample(EmbeddingSample.Normalise(x), c, $"g{n}", Augmented: false));
        }

        var epochs = new List<int>();
        SoftmaxHead trained = SoftmaxHeadTrainer.Train(samples, 3, epochs: 100, learningRate: 0.05f, l2: 1e-4f, epochs.Add);
        SoftmaxHead imprinted = SoftmaxHead.Imprint(samples, 3, scale: 20f);

        Assert.Equal(Enumerable.Range(1, 100), epochs);
        Assert.All(samples, s => Assert.Equal(s.ClassIndex, trained.Classify(s.Embedding)));
        Assert.All(samples, s => Assert.Equal(s.ClassIndex, imprinted.Classify(s.Embedding)));
        var probabilities = new float[3];
        trained.Predict(samples[0].Embedding, probabilities);
        Assert.Equal(1f, probabilities.Sum(), 1e-5f);
        Assert.True(probabilities[0] > 0.9f, $"trained head is unsure: {probabilities[0]}");
    }
}
