namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>What <c>VIDIOC_QUERYCAP</c> says about a device node.</summary>
/// <param name="Driver">Kernel driver name, e.g. <c>uvcvideo</c>.</param>
/// <param name="Card">The device's name, e.g. the webcam model.</param>
/// <param name="Bus">Where it is attached, e.g. <c>usb-0000:00:14.0-1</c>.</param>
/// <param name="DeviceCaps">The capabilities of this node (not of the whole physical device).</param>
public sealed record V4l2Capabilities(string Driver, string Card, string Bus, uint DeviceCaps)
{
    /// <summary>True when the node captures single-planar video through streaming I/O, which is what this code drives.</summary>
    public bool IsStreamingCapture =>
        (DeviceCaps & V4l2Constants.CapVideoCapture) != 0 && (DeviceCaps & V4l2Constants.CapStreaming) != 0;
}
