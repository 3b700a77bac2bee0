namespace EdgeClassifier.Models.Datasets;

/// <summary>A dataset folder, mapping file or image that cannot be used; the message names the path and the problem.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
