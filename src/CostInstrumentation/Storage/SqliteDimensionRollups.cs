using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// The writer's side of the rollups per UTC day × call site, operation, tag and session (schema 9,
/// <see cref="SqliteSchema.DimensionRollups"/>) and per UTC month and year × session (schema 10,
/// <see cref="SqliteSchema.MonthlySessions"/>, <see cref="SqliteSchema.YearlySessions"/>): a batch's calls are summed per row in memory, then each row is upserted
/// once, in the batch's transaction.
/// </summary>
internal sealed class SqliteDimensionRollups : IDisposable
{
    // Each table's place in SqliteSchema.DimensionRollups, then the monthly and yearly sessions.
    private const int CallSites = 0;
    private const int Operations = 1;
    private const int Tags = 2;
    private const int Sessions = 3;
    private const int SessionMonths = 4;
    private const int SessionYears = 5;

    private readonly SqliteRollupUpsert[] _upserts;
    private readonly Dictionary<(long Slot, string Key), RollupTotals>[] _rows;

    internal SqliteDimensionRollups(SqliteConnection connection)
    {
        List<SqliteRollupUpsert> upserts = [];
        try
        {
            foreach (SqliteSchema.RollupTable table in SqliteSchema.DimensionRollups.Select(rollup => rollup.Table).Append(SqliteSchema.MonthlySessions).Append(SqliteSchema.YearlySessions))
            {
                upserts.Add(new SqliteRollupUpsert(connection, table));
            }
        }
        catch
        {
            // Those made are finalized: a statement left open would keep the file open after a failed attempt.
            upserts.ForEach(upsert => upsert.Dispose());
            throw;
        }

        _upserts = [.. upserts];
        _rows = [.. upserts.Select(_ => new Dictionary<(long, string), RollupTotals>())];
    }

    /// <summary>Counts one call (<paramref name="call"/>: its totals alone) in its day's rows: once under each of its tags, or under <c>''</c> without any.</summary>
    internal void Add(in LlmCallRecord record, long dayTicks, in RollupTotals call)
    {
        Add(CallSites, dayTicks, record.CallSite ?? string.Empty, call);
        Add(Operations, dayTicks, record.Operation ?? string.Empty, call);
        if (record.Tags is { Count: > 0 } tags)
        {
            // By index: a foreach over the interface would allocate an enumerator per record.
            for (int i = 0; i < tags.Count; i++)
            {
                Add(Tags, dayTicks, tags[i] ?? string.Empty, call);
            }
        }
        else
        {
            Add(Tags, dayTicks, string.Empty, call);
        }

        Add(Sessions, dayTicks, record.SessionId ?? string.Empty, call);
    }

    /// <summary>
    /// Adds the sessions' months and years up from the batch's day rows (per row, not per record), upserts every row summed
    /// since the last call (in the connection's current transaction), then starts afresh.
    /// </summary>
    internal void Write()
    {
        foreach (((long dayTicks, string session), RollupTotals totals) in _rows[Sessions])
        {
            DateTime day = new(dayTicks, DateTimeKind.Utc);
            Add(SessionMonths, new DateTime(day.Year, day.Month, 1).Ticks, session, totals);
            Add(SessionYears, new DateTime(day.Year, 1, 1).Ticks, session, totals);
        }

        for (int table = 0; table < _rows.Length; table++)
        {
            foreach (((long slot, string key), RollupTotals totals) in _rows[table])
            {
                _upserts[table].Execute(slot, [key], totals);
            }

            _rows[table].Clear();
        }
    }

    public void Dispose()
    {
        foreach (SqliteRollupUpsert upsert in _upserts)
        {
            upsert.Dispose();
        }
    }

    private void Add(int table, long slotTicks, string key, in RollupTotals totals)
    {
        ref RollupTotals sum = ref CollectionsMarshal.GetValueRefOrAddDefault(_rows[table], (slotTicks, key), out _);
        sum = sum.Add(totals);
    }
}
