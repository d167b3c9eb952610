using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Query;

/// <summary>A cost database in a temporary folder, written through the real <see cref="SqliteCostSink"/>.</summary>
internal sealed class CostDatabase : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "llmcost-query-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(Folder, "costs.db");

    public async Task WriteAsync(IEnumerable<LlmCallRecord> records)
    {
        await using SqliteCostSink sink = new(DatabasePath);
        foreach (LlmCallRecord record in records)
        {
            sink.Write(record);
        }

        await sink.FlushAsync();
    }

    public Task WriteAsync(params LlmCallRecord[] records) => WriteAsync((IEnumerable<LlmCallRecord>)records);

    /// <summary>Runs SQL with positional parameters <c>$p0</c>, <c>$p1</c>, … over a read-write connection.</summary>
    public void Execute(string sql, params object?[] values)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, values[i] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    /// <summary>The totals of the records themselves: what every path must return.</summary>
    internal static CostTotals Totals(IReadOnlyCollection<LlmCallRecord> calls) => new(
        calls.Count,
        calls.Sum(r => r.CostUsd ?? 0m),
        calls.Count(r => r.CostUsd is null),
        calls.Count(r => r.Outcome != LlmCallOutcome.Ok),
        calls.Sum(r => r.Usage.InputTokens),
        calls.Sum(r => r.Usage.CachedInputTokens),
        calls.Sum(r => r.Usage.CacheWriteInputTokens),
        calls.Sum(r => r.Usage.OutputTokens),
        calls.Sum(r => r.Usage.ReasoningTokens))
    {
        LowerBoundCalls = calls.Count(r => r.CostIsLowerBound),
    };

    public LlmCostQuery Open() => LlmCostQuery.Open(DatabasePath);

    public static LlmCallRecord Call(
        string timestampUtc,
        decimal? cost,
        string model = "gpt-4o",
        string provider = "openai",
        string? project = null,
        string? session = null,
        string[]? tags = null,
        string operation = "App.Chat.Ask",
        string callSite = "Chat.cs:10",
        LlmCallOutcome outcome = LlmCallOutcome.Ok,
        LlmUsage usage = default) => new()
        {
            TimestampUtc = DateTimeOffset.Parse(timestampUtc, System.Globalization.CultureInfo.InvariantCulture),
            Provider = provider,
            Model = model,
            Operation = operation,
            CallSite = callSite,
            Project = project,
            SessionId = session,
            Tags = tags ?? [],
            Usage = usage,
            CostUsd = cost,
            Duration = TimeSpan.FromMilliseconds(250),
            Outcome = outcome,
            ErrorType = outcome == LlmCallOutcome.Error ? "HttpRequestException" : null,
            PricingVersion = "test-1",
        };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
