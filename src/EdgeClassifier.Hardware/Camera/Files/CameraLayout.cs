namespace EdgeClassifier.Hardware.Camera.Files;

/// <summary>The frames a replayed image should look like: a camera's size and pixel format.</summary>
/// <param name="Format">An uncompressed pixel format.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
public sealed record CameraLayout(PixelFormat Format, int Width, int Height);
