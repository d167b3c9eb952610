using System.Globalization;
using CostInstrumentation.Contract;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Local days, weeks and months of a zone whose offsets are whole hours, read from UTC days: each UTC day's rollup row
/// counts in the local bucket of its noon, then each of its hours that falls in another local bucket is moved there
/// (subtracted from the one, added to the other). Berlin moves 1–2 hours a day, New York 4–5, a week or month only the
/// hours at its edges, instead of reading 24 hourly rows a day. Every totals column is a count or a sum of integers, so
/// the subtraction is exact.
/// </summary>
public sealed partial class LlmCostQuery
{
    /// <summary>
    /// Totals per local bucket (and per key of <paramref name="by"/> within it), where <paramref name="bucketOf"/> names the
    /// bucket of a UTC hour's start (any value that tells buckets apart; it must change only on whole UTC hours). Each
    /// bucket comes back under one of its UTC hours (<c>yyyy-MM-ddTHH</c>), keys in no order; buckets without calls are
    /// left out. Null when the rollups cannot answer (the filter or key is not in them, the file has no hourly rollups)
    /// or the range holds no whole UTC day: read hours instead.
    /// </summary>
    internal List<(string Hour, string Key, CostTotals Totals)>? LocalBuckets(CostFilter filter, CostDimension? by, Func<DateTime, DateTime> bucketOf)
    {
        CostDimension[] dimensions = by is { } dimension ? [CostDimension.Day, dimension] : [CostDimension.Day];
        if (Chain(filter, dimensions, CostQuerySql.Grain.Day) is not [_, var hourly and (CostQuerySql.Source.HourlyRollups or CostQuerySql.Source.HourlyTotals), CostQuerySql.Source.DailyRollups or CostQuerySql.Source.DailyTotals])
        {
            return null;
        }

        if (filter.FromUtc?.UtcDateTime.Year >= 9999)
        {
            // Its last day has no next one to round up to (as in CostQuerySql.Decompose).
            return null;
        }

        DateTimeOffset? firstDay = filter.FromUtc is { } from ? CeilingDay(from) : null;
        DateTimeOffset? lastDay = filter.ToUtc is { } to ? FloorDay(to) : null;
        if (firstDay >= lastDay)
        {
            return null;
        }

        BucketSums sums = new(bucketOf);
        // The partial UTC days at the ends: their hours (and the calls of partial hours), each in its own bucket.
        if (filter.FromUtc is { } start && start != firstDay)
        {
            sums.AddHours(SlotBreakdown(filter with { ToUtc = firstDay }, CostSeriesSlot.Hour, by));
        }

        if (filter.ToUtc is { } end && end != lastDay)
        {
            sums.AddHours(SlotBreakdown(filter with { FromUtc = lastDay }, CostSeriesSlot.Hour, by));
        }

        CostFilter wholeDays = filter with { FromUtc = firstDay, ToUtc = lastDay };
        List<(string From, string To)> moved = sums.AddDays(by is { } key
            ? CrossBreakdown(CostDimension.Day, key, wholeDays)
            : [.. Breakdown(CostDimension.Day, wholeDays).Select(row => (row.Key, string.Empty, row.Totals))]);
        if (moved.Count > 0)
        {
            using SqliteCommand command = CostQuerySql.HourRuns(_connection, filter, moved, by, hourly, _hasLowerBounds);
            using SqliteDataReader reader = command.ExecuteReader();
            int first = by is null ? 1 : 2;
            long[] values = new long[TotalsColumns];
            while (reader.Read())
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetInt64(first + i);
                }

                sums.Move(reader.GetString(0), by is null ? string.Empty : reader.GetString(1), values);
            }
        }

        return sums.Rows();
    }

    /// <summary>The totals columns <see cref="ReadTotals"/> reads, in its order: calls, nano-USD, unpriced, failed, five token sums, lower bounds.</summary>
    private const int TotalsColumns = 10;

    private static DateTimeOffset FloorDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset CeilingDay(DateTimeOffset instant) => FloorDay(instant) is var floor && floor == instant ? floor : floor.AddDays(1);

    /// <summary>Totals per bucket and key, in integers (nano-USD), with the UTC hour each bucket is named by.</summary>
    private sealed class BucketSums(Func<DateTime, DateTime> bucketOf)
    {
        private const string HourFormat = "yyyy-MM-dd'T'HH";

        private readonly Dictionary<(DateTime Bucket, string Key), long[]> _sums = [];
        private readonly Dictionary<DateTime, string> _hourOf = [];

        /// <summary>Each UTC day read whole: its first instant and the bucket its row was counted in (that of its noon), by day key.</summary>
        private readonly Dictionary<string, (DateTime Midnight, DateTime Bucket)> _days = new(StringComparer.Ordinal);

        /// <summary>The hour <see cref="Move"/> saw last, the bucket of its day and its own.</summary>
        private string? _movedHour;
        private DateTime _movedFrom;
        private DateTime _movedTo;

        /// <summary>Adds hourly rows (slot keys <c>yyyy-MM-ddTHH:mm</c>), each to the bucket of its hour.</summary>
        public void AddHours(List<(string Slot, string Key, CostTotals Totals)> rows)
        {
            foreach ((string slot, string key, CostTotals totals) in rows)
            {
                string hour = slot[..13];
                Add(bucketOf(Parse(hour, HourFormat)), hour, key, totals);
            }
        }

        /// <summary>
        /// Adds UTC days' rows (day keys <c>yyyy-MM-dd</c>) to the bucket of their noon; returns the runs of those days' hours
        /// (from, to: hour keys) that belong to another bucket.
        /// </summary>
        public List<(string From, string To)> AddDays(IEnumerable<(string Day, string Key, CostTotals Totals)> rows)
        {
            List<(string, string)> moved = [];
            foreach ((string day, string key, CostTotals totals) in rows)
            {
                if (!_days.TryGetValue(day, out (DateTime Midnight, DateTime Bucket) read))
                {
                    DateTime midnight = Parse(day, "yyyy-MM-dd");
                    read = (midnight, bucketOf(midnight.AddHours(12)));
                    _days[day] = read;
                    int? runStart = null;
                    for (int hour = 0; hour <= 24; hour++)
                    {
                        bool elsewhere = hour < 24 && bucketOf(midnight.AddHours(hour)) != read.Bucket;
                        if (elsewhere && runStart is null)
                        {
                            runStart = hour;
                        }
                        else if (!elsewhere && runStart is { } first)
                        {
                            moved.Add((HourKey(day, first), HourKey(day, hour)));
                            runStart = null;
                        }
                    }
                }

                Add(read.Bucket, day + "T12", key, totals);
            }

            return moved;
        }

        /// <summary>Moves an hour's row (totals columns in <see cref="ReadTotals"/> order) from its day's bucket to its own.</summary>
        public void Move(string hour, string key, ReadOnlySpan<long> values)
        {
            // Rows come sorted by hour, many keys an hour: each hour's buckets are found once.
            if (hour != _movedHour)
            {
                (DateTime midnight, _movedFrom) = _days[hour[..10]];
                _movedTo = bucketOf(midnight.AddHours(((hour[11] - '0') * 10) + hour[12] - '0'));
                _movedHour = hour;
            }

            Add(_movedFrom, hour, key, values, -1);
            Add(_movedTo, hour, key, values, 1);
        }

        public List<(string Hour, string Key, CostTotals Totals)> Rows() =>
        [
            .. _sums.Where(pair => pair.Value[0] != 0).Select(pair => (_hourOf[pair.Key.Bucket], pair.Key.Key, new CostTotals(
                pair.Value[0], NanoUsd.ToUsd(pair.Value[1]), pair.Value[2], pair.Value[3], pair.Value[4], pair.Value[5], pair.Value[6], pair.Value[7], pair.Value[8])
            {
                LowerBoundCalls = pair.Value[9],
            })),
        ];

        private void Add(DateTime bucket, string hour, string key, CostTotals totals) => Add(bucket, hour, key,
        [
            totals.Calls, NanoUsd.From(totals.CostUsd), totals.UnpricedCalls, totals.FailedCalls, totals.InputTokens,
            totals.CachedInputTokens, totals.CacheWriteTokens, totals.OutputTokens, totals.ReasoningTokens, totals.LowerBoundCalls,
        ], 1);

        private void Add(DateTime bucket, string hour, string key, ReadOnlySpan<long> values, int sign)
        {
            if (sign > 0)
            {
                // Named by an hour it holds: a day's noon or a moved hour (subtracting names nothing: the hour is not in that bucket).
                _hourOf.TryAdd(bucket, hour);
            }

            if (!_sums.TryGetValue((bucket, key), out long[]? sum))
            {
                sum = new long[TotalsColumns];
                _sums[(bucket, key)] = sum;
            }

            for (int i = 0; i < TotalsColumns; i++)
            {
                sum[i] += sign * values[i];
            }
        }

        /// <summary>An hour key of <paramref name="day"/>; hour 24 (<c>…T24</c>) sorts after its last hour and before the next day, as a run's end.</summary>
        private static string HourKey(string day, int hour) => day + "T" + hour.ToString("D2", CultureInfo.InvariantCulture);

        private static DateTime Parse(string text, string format) =>
            DateTime.ParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
