using EdgeClassifier.Benchmarks;
using EdgeClassifier.SideBySide.Contenders;

namespace EdgeClassifier.SideBySide;

/// <summary>
/// <c>--check</c>: before timing anything, shows that the four contenders answer the same for the same frames
/// (top-1 output index per frame), so the benchmark compares equal work. JPEG frames (the tutorial pattern) may
/// tip a small model's answer on a close call; differences are counted, not fatal.
/// </summary>
internal static class AgreementCheck
{
    public static int Run()
    {
        Frames frames = Frames.Load();
        int differences = 0;
        foreach (string model in new SideBySideBenchmarks().ModelNames)
        {
            var benchmarks = new SideBySideBenchmarks { Model = model };
            string path = Path.Combine(SharedModels.Directory, "onnx", model);
            var answers = new List<(string Name, int[] Top1)>();
            foreach (var (name, create) in benchmarks.Contenders(frames))
            {
                using IContender contender = create();
                answers.Add((name, Enumerable.Range(0, frames.Count).Select(contender.Classify).ToArray()));
            }

            Console.WriteLine(model);
            foreach (var (name, top1) in answers)
            {
                Console.WriteLine($"  {name,-30} top-1 per frame: {string.Join(", ", top1)}");
            }

            differences += answers.Sum(a => a.Top1.Zip(answers[0].Top1).Count(pair => pair.First != pair.Second));
        }

        Console.WriteLine($"{differences} answers differ from the limit's.");
        return 0;
    }
}
