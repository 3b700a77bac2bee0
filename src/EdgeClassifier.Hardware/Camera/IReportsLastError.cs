namespace EdgeClassifier.Hardware.Camera;

/// <summary>A frame source that can say why it last reported <see cref="FrameWaitResult.Lost"/>.</summary>
public interface IReportsLastError
{
    /// <summary>The last failure that ended streaming, or null.</summary>
    string? LastError { get; }
}
