namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>What became of one publish attempt.</summary>
public enum PublishOutcome
{
    /// <summary>The broker took it (QoS 1/2: acknowledged).</summary>
    Accepted,

    /// <summary>The broker answered with an error reason code; sending it again will not help.</summary>
    Rejected,

    /// <summary>Not connected, or the connection broke before the acknowledgement; worth retrying.</summary>
    NotSent,
}
