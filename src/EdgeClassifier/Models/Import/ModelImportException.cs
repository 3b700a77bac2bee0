namespace EdgeClassifier.Models.Import;

/// <summary>
/// A model file that cannot be imported: truncated, not TFLite, or using an operator the importer does not map.
/// The message is one line naming the file or operator and what is wrong, fit to show to the user as is.
/// </summary>
public sealed class ModelImportException(string message, Exception? inner = null) : Exception(message, inner);
