using System.Globalization;
using CostInstrumentation.Tests.Query;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>
/// The query tests' <see cref="CostDatabase"/> (written through the real <see cref="SqliteCostSink"/>), with SQL over
/// the raw table for the numbers every test expects.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly CostDatabase _database = new();

    public string Folder => _database.Folder;

    public string Path => _database.DatabasePath;

    public static async Task<TestDatabase> CreateAsync(params LlmCallRecord[] records)
    {
        TestDatabase database = new();
        await database._database.WriteAsync(records);
        return database;
    }

    /// <summary>Records more calls through the real sink.</summary>
    public Task WriteAsync(params LlmCallRecord[] records) => _database.WriteAsync(records);

    public void Execute(string sql, params object?[] values) => _database.Execute(sql, values);

    /// <summary>One integer from SQL over the raw tables (parameters <c>$p0</c>, <c>$p1</c>, …).</summary>
    public long Scalar(string sql, params object?[] values)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>Sum of cost_nanousd over the raw calls in [from, to) (UTC ISO text), with an optional extra condition.</summary>
    public long CostNano(string? fromUtc = null, string? toUtc = null, string where = "1") =>
        Scalar($"SELECT coalesce(sum(cost_nanousd), 0) FROM llm_calls WHERE ts_utc >= $p0 AND ts_utc < $p1 AND ({where})", fromUtc ?? "0000", toUtc ?? "9999");

    public void Dispose() => _database.Dispose();
}
