namespace EdgeClassifier.Models.Training;

/// <summary>Validation accuracy of one class.</summary>
public sealed record ClassValidation(string Label, int Count, int Correct)
{
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}
