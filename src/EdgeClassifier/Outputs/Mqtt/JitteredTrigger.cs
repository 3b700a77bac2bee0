using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>
/// Runs an action once after a random delay in [0, window]; firing again while one is pending does nothing. Spreads
/// what a whole fleet would otherwise do in the same second (discovery after Home Assistant's birth message).
/// </summary>
public sealed class JitteredTrigger(TimeSpan window, Func<CancellationToken, Task> action, ILogger logger)
{
    private int _pending;

    /// <summary>Schedules the action unless it is already scheduled.</summary>
    public void Fire(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        _ = RunAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(window * Random.Shared.NextDouble(), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _pending, 0);
            await action(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "MQTT delayed publish failed; it is sent again on the next trigger");
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }
}
