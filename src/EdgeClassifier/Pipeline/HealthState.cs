namespace EdgeClassifier.Pipeline;

/// <summary>The service's health as a person at the board (status LED) or systemd (watchdog) sees it.</summary>
public enum HealthState
{
    /// <summary>Starting up: model loading, camera opening.</summary>
    Starting,

    /// <summary>Frames flow and are classified within budget.</summary>
    Ok,

    /// <summary>Idle by design: waiting for a trigger.</summary>
    Idle,

    /// <summary>No camera could be opened, or it stopped delivering frames.</summary>
    NoCamera,

    /// <summary>The MQTT output cannot deliver: the broker is not connected, or the outbox database fails.</summary>
    NoBroker,

    /// <summary>Frames take longer than the budget.</summary>
    OverBudget,

    /// <summary>A failure the service cannot recover from by itself.</summary>
    Error,
}
