namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>A V4L2 system call failed; <see cref="Errno"/> tells why (e.g. 19 = ENODEV, the device is gone).</summary>
public sealed class V4l2Exception(string message, int errno) : IOException($"{message} (errno {errno})")
{
    /// <summary>The positive <c>errno</c> the kernel returned.</summary>
    public int Errno { get; } = errno;

    /// <summary>True when the error means the device went away or failed, rather than being misused.</summary>
    public bool DeviceLost => Errno is V4l2Constants.ENODEV or V4l2Constants.EIO or V4l2Constants.ENOENT;
}
