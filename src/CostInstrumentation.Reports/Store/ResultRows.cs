using System.Data.Common;
using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>
/// The rows every source's SQL returns in the same column order, read once for SQLite and PostgreSQL alike (both
/// readers are <see cref="DbDataReader"/>s), so the sources differ only in their SQL.
/// </summary>
internal static class ResultRows
{
    /// <summary>Per row, the keys (the first <paramref name="keyCount"/> columns, text) and the totals after them.</summary>
    internal static List<SourceGroup> Groups(DbDataReader reader, int keyCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyCount, SourceGroup.MostDimensions);
        List<SourceGroup> rows = [];
        while (reader.Read())
        {
            rows.Add(new SourceGroup(keyCount > 0 ? reader.GetString(0) : null, keyCount > 1 ? reader.GetString(1) : null, LlmCostQuery.ReadTotals(reader, keyCount)));
        }

        return rows;
    }

    /// <summary>A usage group: model, input, cached, cache write, output and reasoning tokens, calls, recorded nano-USD, priced calls, operation.</summary>
    internal static UsageGroup UsageGroup(DbDataReader reader) => new(
        reader.GetString(0),
        new LlmUsage(reader.GetInt64(1), reader.GetInt64(4), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(5)),
        reader.GetInt64(6),
        NanoUsd.ToUsd(reader.GetInt64(7)),
        reader.GetInt64(8),
        reader.GetString(9));

    /// <summary>The first column of every row, sorted (ordinal).</summary>
    internal static List<string> SortedText(DbDataReader reader)
    {
        List<string> values = [];
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }

    /// <summary>
    /// The nearest-rank percentiles <paramref name="fractions"/> of <paramref name="calls"/> sorted values, each read by
    /// <paramref name="valueAt"/> (its 0-based position); null when there are none.
    /// </summary>
    internal static (long Calls, long[] Values)? Percentiles(long calls, IReadOnlyList<decimal> fractions, Func<long, long> valueAt) =>
        calls == 0 ? null : (calls, [.. fractions.Select(fraction => valueAt((long)Math.Ceiling(fraction * calls) - 1))]);
}
