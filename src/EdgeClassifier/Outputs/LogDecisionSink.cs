using EdgeClassifier.Pipeline;
using EdgeClassifier.Decisions;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Outputs;

/// <summary>Writes each decision to the log: the default output when nothing else is configured.</summary>
public sealed partial class LogDecisionSink(ILogger<LogDecisionSink> logger) : IDecisionSink
{
    public string Name => "log";

    /// <summary>Always 0: the log is written on the frame thread, nothing queues.</summary>
    public long Dropped => 0;

    public void Publish(Decision decision)
    {
        if (decision.Ambiguous)
        {
            LogAmbiguous(decision.Frame, decision.Label, decision.Score);
        }
        else if (decision.IsNoMatch)
        {
            LogNoMatch(decision.Frame);
        }
        else
        {
            LogLabel(decision.Frame, decision.Label!, decision.Index, decision.Score);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision: {Label} (index {Index}, score {Score:F3}) at frame {Frame}")]
    private partial void LogLabel(string frame, string label, int index, float score);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision: ambiguous, no label clearly ahead (leaning to {Label}, {Score:F3}) at frame {Frame}")]
    private partial void LogAmbiguous(string frame, string? label, float score);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision: no match above the thresholds at frame {Frame}")]
    private partial void LogNoMatch(string frame);
}
