using EdgeClassifier.Fuzz;
using SharpFuzz;

// edgeclassifier-fuzz TARGET            run TARGET under afl-fuzz (input on stdin; once on stdin outside afl-fuzz)
// edgeclassifier-fuzz seeds TARGET DIR  write TARGET's seed inputs into DIR
// edgeclassifier-fuzz list              print the target names
if (args is ["list"])
{
    Console.WriteLine(string.Join(Environment.NewLine, FuzzTargets.All.Keys));
    return 0;
}

if (args is ["seeds", var seedTarget, var directory] && FuzzTargets.All.TryGetValue(seedTarget, out var seeded))
{
    Directory.CreateDirectory(directory);
    foreach (var (name, bytes) in seeded().Seeds())
    {
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    return 0;
}

if (args is [var targetName] && FuzzTargets.All.TryGetValue(targetName, out var target))
{
    // Out of process: a native crash (SkiaSharp) or a hang kills only the child, which afl-fuzz counts and restarts.
    Fuzzer.OutOfProcess.Run(target().Run);
    return 0;
}

Console.Error.WriteLine($"usage: edgeclassifier-fuzz TARGET | seeds TARGET DIR | list (targets: {string.Join(", ", FuzzTargets.All.Keys)})");
return 2;
