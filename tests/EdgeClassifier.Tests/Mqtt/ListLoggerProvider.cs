using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>Collects formatted log lines so tests can assert what a user would read in the journal.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line logged so far as "Level: message".</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Called with each line as it is logged (e.g. to time it); may run on any thread.</summary>
    public Action<string>? Observe { get; init; }

    public ILogger CreateLogger(string categoryName) => new ListLogger(_lines, Observe);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines, Action<string>? observe) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                string line = $"{logLevel}: {formatter(state, exception)}";
                lines.Enqueue(line);
                observe?.Invoke(line);
            }
        }
    }
}
