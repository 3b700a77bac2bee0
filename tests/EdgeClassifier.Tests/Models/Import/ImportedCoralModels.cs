using System.Diagnostics;
using EdgeClassifier.Models.Import;

namespace EdgeClassifier.Tests.Models.Import;

/// <summary>Every shared .tflite imported once per test class, with the time each import took.</summary>
public sealed class ImportedCoralModels : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, (ImportResult Result, TimeSpan Elapsed)> _imports = [];

    public (ImportResult Result, TimeSpan Elapsed) Get(string tfliteName)
    {
        lock (_imports)
        {
            if (!_imports.TryGetValue(tfliteName, out var import))
            {
                var stopwatch = Stopwatch.StartNew();
                var result = TfliteImporter.Import(SharedModels.Coral(tfliteName), _folder.File(Path.ChangeExtension(tfliteName, ".onnx")));
                import = (result, stopwatch.Elapsed);
                _imports[tfliteName] = import;
            }

            return import;
        }
    }

    public void Dispose() => _folder.Dispose();
}
