using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// Sustained records/s into SQLite, one row = one record (read 1e9 / Mean): through <see cref="SqliteCostSink"/> from
/// 1, 2 and 8 producer threads (each operation writes its records, then flushes); the raw limit (a bare prepared
/// INSERT loop, a transaction per 2,000 rows: through ADO.NET with values made beforehand, and through the sink's own
/// native INSERT); and the naive style (an INSERT committed per
/// record). Goals: the sink ≥ 300,000 records/s, ≥ 75 % of raw, ≥ 35× naive, bounded memory (the peak working set
/// and the CPU time per record are printed at the end of each case).
/// </summary>
[MemoryDiagnoser]
public class SqliteThroughputBenchmarks
{
    private const int SinkRecords = 200_000;
    private const int RawRecords = 200_000;
    private const int NaiveRecords = 2_000;
    private const int RowsPerTransaction = 2_000;

    private readonly LlmCallRecord[] _records = BenchmarkRecords.CreatePool(4_096);
    private long _next;
    private string _folder = null!;
    private SqliteCostSink? _sink;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteCallInsert? _nativeInsert;
    private object?[][] _values = [];

    [GlobalSetup(Targets = [nameof(Sink1Producer), nameof(Sink2Producers), nameof(Sink8Producers)])]
    public void SetupSink()
    {
        _folder = BenchmarkRecords.NewFolder();
        _sink = new SqliteCostSink(Path.Combine(_folder, "costs.db"));
    }

    [GlobalSetup(Targets = [nameof(Raw), nameof(RawNative), nameof(Naive)])]
    public void SetupConnection()
    {
        _folder = BenchmarkRecords.NewFolder();
        _connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "costs.db")};Pooling=False");
        _connection.Open();
        SqliteSchema.Prepare(_connection);
        _insert = Command(_connection);
        _insert.Prepare();
        _nativeInsert = new SqliteCallInsert(_connection);
        // The limit of SQLite through ADO.NET: the values are made before the clock starts (but the time, which must keep growing).
        _values = [.. _records.Select(Values)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _insert?.Dispose();
        _nativeInsert?.Dispose();
        _connection?.Dispose();
        SqliteConnection.ClearAllPools();
        // A shared, loaded machine stretches wall-clock times; CPU time per record (every thread, the whole run) does not.
        using Process self = Process.GetCurrentProcess();
        Console.WriteLine($"// peak working set: {self.PeakWorkingSet64 / (1024 * 1024)} MB; CPU per record: {self.TotalProcessorTime.TotalMicroseconds / _next:F2} µs over {_next:N0} records");
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = SinkRecords)]
    public void Sink1Producer() => WriteThroughSink(1);

    [Benchmark(OperationsPerInvoke = SinkRecords)]
    public void Sink2Producers() => WriteThroughSink(2);

    [Benchmark(OperationsPerInvoke = SinkRecords)]
    public void Sink8Producers() => WriteThroughSink(8);

    [Benchmark(OperationsPerInvoke = RawRecords)]
    public void Raw()
    {
        SqliteParameterCollection parameters = _insert!.Parameters;
        long first = _next;
        _next += RawRecords;
        for (int start = 0; start < RawRecords; start += RowsPerTransaction)
        {
            using SqliteTransaction transaction = _connection!.BeginTransaction();
            _insert.Transaction = transaction;
            for (int i = start; i < start + RowsPerTransaction; i++)
            {
                object?[] values = _values[i % _values.Length];
                parameters[0].Value = Timestamp(BenchmarkRecords.Epoch.AddTicks((first + i) * TimeSpan.TicksPerMillisecond));
                for (int p = 1; p < values.Length; p++)
                {
                    parameters[p].Value = values[p];
                }

                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>The limit: the sink's own native INSERT in the same loop, without its queue, thread and rollups.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RawRecords)]
    public void RawNative()
    {
        long first = _next;
        _next += RawRecords;
        for (int start = 0; start < RawRecords; start += RowsPerTransaction)
        {
            using SqliteTransaction transaction = _connection!.BeginTransaction();
            for (int i = start; i < start + RowsPerTransaction; i++)
            {
                LlmCallRecord record = RecordAt(first + i);
                _nativeInsert!.Execute(record, record.CostUsd is { } cost ? SqliteCostSink.ToNanoUsd(cost) : null);
            }

            transaction.Commit();
        }
    }

    [Benchmark(OperationsPerInvoke = NaiveRecords)]
    public void Naive()
    {
        long first = _next;
        _next += NaiveRecords;
        for (int i = 0; i < NaiveRecords; i++)
        {
            // What a first implementation does: a command per record, committed on its own.
            using SqliteCommand insert = Command(_connection!);
            object?[] values = Values(RecordAt(first + i));
            for (int p = 0; p < values.Length; p++)
            {
                insert.Parameters[p].Value = values[p];
            }

            insert.ExecuteNonQuery();
        }
    }

    private void WriteThroughSink(int producers)
    {
        SqliteCostSink sink = _sink!;
        long first = _next;
        _next += SinkRecords;
        Thread[] threads = [.. Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = p; i < SinkRecords; i += producers)
            {
                sink.Write(RecordAt(first + i));
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        sink.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The n-th record of the stream: calls arrive in time order (1 ms apart), as they do in an application.</summary>
    private LlmCallRecord RecordAt(long n) => BenchmarkRecords.At(_records, n);

    /// <summary>The sink's INSERT as an ADO.NET command, its parameters by position.</summary>
    private static SqliteCommand Command(SqliteConnection connection)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteCallInsert.Sql;
        for (int p = 1; p <= 18; p++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "?" + p });
        }

        return command;
    }

    /// <summary>The values the sink stores for a record, in column order.</summary>
    private static object?[] Values(LlmCallRecord r) =>
    [
        Timestamp(r.TimestampUtc), r.Provider, r.Model, r.Operation, r.CallSite, (object?)r.Project ?? DBNull.Value, (object?)r.SessionId ?? DBNull.Value,
        TagsJson.Write(r.Tags), r.Usage.InputTokens, r.Usage.CachedInputTokens, r.Usage.CacheWriteInputTokens, r.Usage.OutputTokens, r.Usage.ReasoningTokens,
        r.CostUsd is { } cost ? SqliteCostSink.ToNanoUsd(cost) : DBNull.Value, (long)r.Duration.TotalMilliseconds,
        r.Outcome == LlmCallOutcome.Ok ? "ok" : "error", (object?)r.ErrorType ?? DBNull.Value, (object?)r.PricingVersion ?? DBNull.Value,
    ];

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
