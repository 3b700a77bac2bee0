namespace EdgeClassifier.Decisions;

/// <summary>One ranked answer: the model's output index, its label and its probability.</summary>
/// <param name="Index">Output index of the model (the line number in the labels file).</param>
/// <param name="Label">The label for that index.</param>
/// <param name="Score">Probability in [0, 1] after softmax.</param>
public readonly record struct Category(int Index, string Label, float Score);
