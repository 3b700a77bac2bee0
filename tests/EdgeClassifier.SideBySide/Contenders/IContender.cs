namespace EdgeClassifier.SideBySide.Contenders;

/// <summary>One way to classify a camera frame, set up once and then asked frame after frame.</summary>
internal interface IContender : IDisposable
{
    /// <summary>Classifies frame <paramref name="index"/> of the shared frames; returns the top-scoring output index.</summary>
    int Classify(int index);
}
