using System.Runtime.InteropServices;

namespace EdgeClassifier.Hardware.Gpio;

/// <summary>Which libgpiod the machine has; System.Device.Gpio has one driver per major API.</summary>
public enum LibGpiodVersion
{
    /// <summary>No libgpiod shared library could be loaded.</summary>
    None,

    /// <summary>libgpiod 1.x (<c>libgpiod.so.2</c>), driven by <c>LibGpiodDriver</c>.</summary>
    V1,

    /// <summary>libgpiod 2.x (<c>libgpiod.so.3</c>), driven by <c>LibGpiodV2Driver</c>.</summary>
    V2,
}

/// <summary>Finds the installed libgpiod by loading the sonames System.Device.Gpio 4.2 binds to.</summary>
public static class LibGpiodProbe
{
    private static readonly Lazy<LibGpiodVersion> Installed = new(Detect);

    /// <summary>The libgpiod API available on this machine, preferring v2 when both are installed.</summary>
    public static LibGpiodVersion Version => Installed.Value;

    private static LibGpiodVersion Detect()
    {
        // v2 first: distributions that ship both keep v1 only for old tools, and v2 is the maintained API.
        if (CanLoad("libgpiod.so.3"))
        {
            return LibGpiodVersion.V2;
        }

        return CanLoad("libgpiod.so.2") ? LibGpiodVersion.V1 : LibGpiodVersion.None;
    }

    private static bool CanLoad(string soname)
    {
        if (!NativeLibrary.TryLoad(soname, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
