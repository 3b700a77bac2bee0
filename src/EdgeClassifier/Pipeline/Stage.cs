namespace EdgeClassifier.Pipeline;

/// <summary>The timed parts of one frame's trip through the pipeline.</summary>
public enum Stage
{
    /// <summary>From the driver's capture timestamp to the moment the pipeline picked the frame up.</summary>
    CaptureAge,

    /// <summary>Format conversion and resize into the model input.</summary>
    Preprocess,

    /// <summary>The model run.</summary>
    Inference,

    /// <summary>Ranking, thresholds and the decision.</summary>
    Decision,

    /// <summary>From capture to decision: what the budget limits.</summary>
    Total,
}
