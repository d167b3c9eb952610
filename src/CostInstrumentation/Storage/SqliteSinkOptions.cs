using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>How <see cref="SqliteCostSink"/> batches, buffers and waits (<see cref="CostWriterOptions"/>), and how long SQLite waits for a lock.</summary>
public sealed class SqliteSinkOptions : CostWriterOptions
{
    /// <summary>
    /// How long an attempt to write a batch waits for a lock held by another connection before it fails (and is retried
    /// later), to the millisecond. Opening the file (its schema check or migration) may wait up to a second when this
    /// is shorter: Microsoft.Data.Sqlite retries those statements for whole seconds.
    /// </summary>
    public TimeSpan BusyTimeout
    {
        get;
        set => field = value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The busy timeout must be from 0 to about 24.8 days (SQLite counts it in milliseconds, as an int).");
    } = TimeSpan.FromSeconds(5);

    /// <summary>Runs on each connection the writer opens, once the schema is ready: lets tests make the store fail (full, read-only) and recover.</summary>
    internal Action<SqliteConnection>? OnConnectionOpened { get; set; }
}
