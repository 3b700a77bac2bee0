using System.Runtime.InteropServices;

namespace EdgeClassifier.Hardware.Camera.V4l2;

/// <summary>The real <see cref="IV4l2Interop"/>: libc system calls on 64-bit Linux.</summary>
public sealed unsafe partial class LibcV4l2Interop : IV4l2Interop
{
    private const int ORdWr = 0x2;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapShared = 0x1;

    /// <summary>The one instance; the class has no state.</summary>
    public static LibcV4l2Interop Instance { get; } = new();

    private LibcV4l2Interop()
    {
    }

    /// <inheritdoc/>
    public int Open(string path) => Retry(() => open(path, ORdWr | ONonBlock | OCloExec));

    /// <inheritdoc/>
    public int Close(int fd) => close(fd) < 0 ? -Marshal.GetLastPInvokeError() : 0;

    /// <inheritdoc/>
    public int Ioctl(int fd, uint request, void* argument)
    {
        // Signals (the GC suspends threads with them) interrupt ioctls; the kernel expects the call to be repeated.
        while (true)
        {
            if (ioctl(fd, request, argument) >= 0)
            {
                return 0;
            }

            int error = Marshal.GetLastPInvokeError();
            if (error != V4l2Constants.EINTR)
            {
                return -error;
            }
        }
    }

    /// <inheritdoc/>
    public IntPtr Mmap(int fd, nuint length, long offset, out int error)
    {
        IntPtr address = mmap(IntPtr.Zero, length, ProtRead | ProtWrite, MapShared, fd, offset);
        if (address == new IntPtr(-1))
        {
            error = Marshal.GetLastPInvokeError();
            return IntPtr.Zero;
        }

        error = 0;
        return address;
    }

    /// <inheritdoc/>
    public int Munmap(IntPtr address, nuint length) => munmap(address, length) < 0 ? -Marshal.GetLastPInvokeError() : 0;

    /// <inheritdoc/>
    public int Poll(int fd, int timeoutMs)
    {
        var descriptor = new PollFd { Fd = fd, Events = V4l2Constants.PollIn };
        int ready = poll(&descriptor, 1, timeoutMs);
        if (ready < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error == V4l2Constants.EINTR ? 0 : -error;
        }

        return ready == 0 ? 0 : descriptor.Revents;
    }

    private static int Retry(Func<int> call)
    {
        while (true)
        {
            int result = call();
            if (result >= 0)
            {
                return result;
            }

            int error = Marshal.GetLastPInvokeError();
            if (error != V4l2Constants.EINTR)
            {
                return -error;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

#pragma warning disable SA1300, IDE1006 // libc's own names
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(IntPtr address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* descriptors, nuint count, int timeoutMs);
#pragma warning restore SA1300, IDE1006
}
