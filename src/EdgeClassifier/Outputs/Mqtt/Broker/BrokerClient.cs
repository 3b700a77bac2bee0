namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>Who a client of the embedded broker is, decided once when it connects.</summary>
public enum BrokerClient
{
    /// <summary>The service's own MQTT client: publishes the device's topics.</summary>
    Device,

    /// <summary>A client on loopback while no users are configured: may read everything and command.</summary>
    TrustedLocal,

    /// <summary>A user who is not an operator: reads the device and Home Assistant topics.</summary>
    Viewer,

    /// <summary>A user listed in <c>Users:Operators</c>: also publishes commands.</summary>
    Operator,
}
