using EdgeClassifier.Models.Datasets;
using EdgeClassifier.Models.Training;

namespace EdgeClassifier.Tests.Models;

public class ValidationSplitTests
{
    [Fact]
    public void Holds_out_whole_groups_per_class_and_keeps_single_group_classes_for_training()
    {
        // cat: 5 groups (one a subfolder of 3 shots); bird: 2 groups; fish: 1 group.
        var images = new List<LabelledImage>();
        for (int g = 0; g < 4; g++)
        {
            images.Add(new LabelledImage($"cat/{g}.jpg", "cat", $"{g}.jpg"));
        }

        images.AddRange(Enumerable.Range(0, 3).Select(i => new LabelledImage($"cat/burst/{i}.jpg", "cat", "burst")));
        images.Add(new LabelledImage("bird/a.jpg", "bird", "a.jpg"));
        images.Add(new LabelledImage("bird/b.jpg", "bird", "b.jpg"));
        images.Add(new LabelledImage("fish/x.jpg", "fish", "x.jpg"));

        for (int seed = 0; seed < 20; seed++)
        {
            var heldOut = ValidationSplit.Choose(images, 0.4, seed);

            Assert.Equal(2, heldOut.Count(h => h.Folder == "cat")); // round(0.4 × 5)
            Assert.Single(heldOut, h => h.Folder == "bird"); // at least one, never all
            Assert.DoesNotContain(heldOut, h => h.Folder == "fish");
            Assert.Equal(heldOut, ValidationSplit.Choose(images, 0.4, seed)); // deterministic per seed
        }

        Assert.Empty(ValidationSplit.Choose(images, 0, 1));
    }
}
