using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>Keeps every log entry written through it (category, level, message), for tests that look at logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
