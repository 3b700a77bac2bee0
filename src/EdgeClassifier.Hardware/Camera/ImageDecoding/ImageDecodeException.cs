namespace EdgeClassifier.Hardware.Camera.ImageDecoding;

/// <summary>An image file could not be decoded; the message names the file and the reason.</summary>
public sealed class ImageDecodeException(string file, string reason, Exception? inner = null)
    : IOException($"{file}: {reason}", inner)
{
    /// <summary>The file (or name) that failed.</summary>
    public string File { get; } = file;

    /// <summary>What was wrong with it.</summary>
    public string Reason { get; } = reason;
}
