using System.Net.Sockets;
using System.Security.Authentication;
using MQTTnet;

namespace EdgeClassifier.Outputs.Mqtt;

/// <summary>Turns a failed connection attempt into one sentence that tells the user which setting to fix.</summary>
public static class ConnectFailureDescription
{
    /// <summary>Describes a CONNACK the broker refused.</summary>
    public static string Describe(MqttClientConnectResultCode code, string? reason, MqttOptions options) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized =>
            $"the broker rejected the credentials ({code}) for user '{options.Username}': check Mqtt:Username and the password file",
        MqttClientConnectResultCode.ClientIdentifierNotValid =>
            $"the broker rejected client id '{options.ClientId}': check Mqtt:ClientId",
        _ => $"the broker refused the connection ({code}{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)})",
    };

    /// <summary>Describes an exception from a connection attempt; <paramref name="tlsFailure"/> is the certificate check's verdict.</summary>
    public static string Describe(Exception exception, string? tlsFailure, MqttClientConnectResult? refused, MqttOptions options)
    {
        if (tlsFailure is not null)
        {
            return $"TLS failed: {tlsFailure}";
        }

        if (refused is not null && refused.ResultCode != MqttClientConnectResultCode.Success)
        {
            return Describe(refused.ResultCode, refused.ReasonString, options);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException tls:
                    return $"TLS failed: {tls.Message} (check Mqtt:CaFile, Mqtt:ClientCertFile and Mqtt:ClientKeyFile)";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused: no broker is listening there (check Mqtt:Host and Mqtt:Port)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain }:
                    return "the broker host name could not be resolved (check Mqtt:Host)";
                case SocketException socket:
                    return $"network error: {socket.SocketErrorCode}";
            }
        }

        return $"{exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>True when the attempt failed below MQTT (network, TLS, timeout), so the protocol version is not to blame.</summary>
    public static bool IsTransportFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or AuthenticationException or TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
