namespace EdgeClassifier.Fleet;

/// <summary>Why a download was refused; the message is what the device reports.</summary>
public sealed class DownloadException(string message, Exception? inner = null) : Exception(message, inner);
