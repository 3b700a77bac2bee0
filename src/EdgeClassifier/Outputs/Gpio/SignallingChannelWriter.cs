using System.Threading.Channels;

namespace EdgeClassifier.Outputs.Gpio;

/// <summary>A channel writer that wakes a waiting thread after each accepted item, so that thread need not poll.</summary>
internal sealed class SignallingChannelWriter<T>(ChannelWriter<T> inner, EventWaitHandle wake) : ChannelWriter<T>
{
    public override bool TryWrite(T item)
    {
        if (!inner.TryWrite(item))
        {
            return false;
        }

        wake.Set();
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
        => inner.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);
}
