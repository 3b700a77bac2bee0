namespace EdgeClassifier.Models.Training;

/// <summary>Training cannot go on: a bad backbone, embedding output, dataset or option; the message names it.</summary>
public sealed class TrainingException(string message, Exception? inner = null) : Exception(message, inner);
