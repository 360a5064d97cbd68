using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>A logger provider that keeps every message of the categories it is asked about.</summary>
internal sealed class CapturedLogs(string categoryPrefix) : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal));

    public void Dispose()
    {
        // Nothing held.
    }

    private sealed class Logger(CapturedLogs owner, bool keep) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => keep;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (keep)
            {
                owner.Entries.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }
}
