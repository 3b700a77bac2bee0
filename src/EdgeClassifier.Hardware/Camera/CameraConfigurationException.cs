namespace EdgeClassifier.Hardware.Camera;

/// <summary>
/// The camera is there but cannot do what the configuration asks (not a capture device, unsupported pixel format,
/// missing image folder). Retrying will not help, so <see cref="ResilientFrameSource"/> lets this one through.
/// </summary>
public sealed class CameraConfigurationException(string message) : Exception(message);
