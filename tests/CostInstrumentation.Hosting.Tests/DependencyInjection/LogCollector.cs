using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>Keeps every log entry the host writes: category, event id, level and message.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(string Category, EventId EventId, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Entries.Enqueue((category, eventId, logLevel, formatter(state, exception)));
    }
}
