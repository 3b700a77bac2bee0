namespace EdgeClassifier.Inference;

/// <summary>
/// A model (or its labels) cannot be used. The message names the file and what is wrong, in words a user can act on.
/// </summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
