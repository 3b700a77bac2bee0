namespace EdgeClassifier.Barcodes;

/// <summary>
/// Turns sightings into scans: a code is a new scan only when its text was not seen during the last
/// <c>Barcode:RepeatSeconds</c>. Every sighting restarts that window, so a label lying under the camera is one scan,
/// and the same item presented again after a pause is another. Used by the decode worker only.
/// </summary>
public sealed class RepeatFilter(TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, long> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Records a sighting of <paramref name="text"/>; true when it counts as a new scan.</summary>
    public bool IsNew(string text)
    {
        long now = time.GetTimestamp();
        bool seenRecently = _lastSeen.TryGetValue(text, out long last) && time.GetElapsedTime(last, now) < window;
        _lastSeen[text] = now;
        if (_lastSeen.Count > 256)
        {
            Forget(now);
        }

        return !seenRecently;
    }

    /// <summary>Drops texts whose window has passed, so a long shift of distinct codes does not grow the table.</summary>
    private void Forget(long now)
    {
        foreach (var (text, last) in _lastSeen)
        {
            if (time.GetElapsedTime(last, now) >= window)
            {
                _lastSeen.Remove(text);
            }
        }
    }
}
