using EdgeClassifier.Hardware.Camera.ImageDecoding;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary>
/// The per-image loop of commands that take image files: an unreadable file is reported on one line and the rest are
/// still processed, and the command then exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
internal static class ImageFileLoop
{
    /// <summary>Loads each image with <paramref name="load"/> and hands it to <paramref name="handle"/>; returns the exit code.</summary>
    public static int ForEach<T>(IEnumerable<string> images, Func<string, T> load, Action<string, T> handle)
    {
        int exitCode = ExitCodes.Success;
        foreach (string image in images)
        {
            T loaded;
            try
            {
                loaded = load(image);
            }
            catch (ImageDecodeException ex)
            {
                Console.Error.WriteLine($"edgeclassifier: {ex.Message}");
                exitCode = ExitCodes.BadInput;
                continue;
            }

            handle(image, loaded);
        }

        return exitCode;
    }
}
