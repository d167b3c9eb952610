namespace CostInstrumentation;

/// <summary>
/// Records calls to SQLite (schema in DESIGN.md "Storage"): a <see cref="BatchingCostWriter"/> over the SQLite store.
/// <see cref="Write"/> enqueues (and, in <see cref="SqliteDurability.Committed"/> mode, waits for the commit): a
/// dedicated writer thread commits batches, one transaction each, with a prepared INSERT and the daily and hourly
/// rollups. A failing store (locked, read-only, missing, full, corrupt) never reaches the caller: records stay buffered
/// up to <see cref="CostWriterOptions.MaxBufferedRecords"/> and are written when it recovers; what does not fit is
/// dropped, counted and reported. <see cref="FlushAsync"/> and process exit drain the buffer.
/// </summary>
public sealed class SqliteCostSink : ILlmCostSink, IAsyncDisposable
{
    private readonly BatchingCostWriter _writer;

    /// <param name="path">The database file; created with its folder and schema when missing.</param>
    /// <param name="options">Durability, batching, buffering and the busy timeout; defaults when null.</param>
    public SqliteCostSink(string path, SqliteSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new SqliteSinkOptions();
        SqliteCostStore store = new(path, options);
        DatabasePath = store.Location;
        _writer = new BatchingCostWriter(store, options);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Records that could not be kept (buffer full, or the sink disposed while the store was failing).</summary>
    public long DroppedRecords => _writer.DroppedRecords;

    /// <summary>Records written to the database so far.</summary>
    public long WrittenRecords => _writer.WrittenRecords;

    /// <inheritdoc />
    public void Write(in LlmCallRecord record) => _writer.Write(record);

    /// <summary>Waits until every record written before the call is in the database.</summary>
    /// <exception cref="System.IO.IOException">The store is failing; the records stay buffered and are written when it recovers.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <summary>Writes what is buffered (giving up after a failed attempt) and closes the database.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>The cost as stored: nano-USD rounded half to even, null (unknown) beyond what a 64-bit integer holds.</summary>
    internal static long? ToNanoUsd(decimal usd) => NanoUsd.TryFrom(usd);
}
