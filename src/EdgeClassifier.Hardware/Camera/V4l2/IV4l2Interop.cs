namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>
/// The system calls V4L2 capture needs, exactly at the kernel boundary. The real implementation calls libc; tests
/// substitute a simulated driver. Every call returns 0 (or a non-negative result) on success and <c>-errno</c> on
/// failure, the way the kernel reports errors, so callers never read a thread-global errno.
/// </summary>
public unsafe interface IV4l2Interop
{
    /// <summary>Opens a device node read-write and non-blocking. Returns the file descriptor or <c>-errno</c>.</summary>
    int Open(string path);

    /// <summary>Closes a file descriptor. Returns 0 or <c>-errno</c>.</summary>
    int Close(int fd);

    /// <summary>Issues an ioctl whose argument is the struct at <paramref name="argument"/>. Returns 0 or <c>-errno</c>.</summary>
    int Ioctl(int fd, uint request, void* argument);

    /// <summary>
    /// Maps <paramref name="length"/> bytes of a device buffer read-write and shared. Returns the address, or
    /// <see cref="IntPtr.Zero"/> with <paramref name="error"/> set to <c>errno</c>.
    /// </summary>
    IntPtr Mmap(int fd, nuint length, long offset, out int error);

    /// <summary>Unmaps a buffer mapped by <see cref="Mmap"/>. Returns 0 or <c>-errno</c>.</summary>
    int Munmap(IntPtr address, nuint length);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for <paramref name="fd"/> to become readable. Returns the
    /// <c>revents</c> bits (<c>POLLIN</c>, <c>POLLERR</c>, …), 0 on timeout, or <c>-errno</c>.
    /// </summary>
    int Poll(int fd, int timeoutMs);
}
