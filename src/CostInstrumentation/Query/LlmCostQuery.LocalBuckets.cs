using System.Globalization;
using CostInstrumentation.Contract;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Local days, weeks and months of a zone other than UTC, read from UTC days: each UTC day's rollup row counts in the
/// local bucket of its noon, then each stretch of it that falls in another local bucket is moved there (subtracted from
/// the one, added to the other): its whole hours from the hourly rollups, and in a zone at :30 or :45 (Kolkata, Kathmandu,
/// Adelaide, St John's) the part-hour at a bucket's edge from the quarter-hour totals (without keys, schema 10) or the
/// calls. Berlin moves 1–2 hours a day, New York 4–5, Kolkata 5 hours and 30 minutes, a week or month only the stretches
/// at its edges, instead of reading 24 hourly rows (or every call) a day. Every totals column is a count or a sum of
/// integers, so the subtraction is exact.
/// </summary>
public sealed partial class LlmCostQuery
{
    /// <summary>
    /// Totals per local bucket (and per key of <paramref name="by"/> within it), where <paramref name="bucketOf"/> names the
    /// bucket of a UTC instant (any value that tells buckets apart; it must change only on whole UTC quarter-hours, as every
    /// zone's days do, and a bucket must last 23 hours or more). Each bucket comes back under a UTC instant inside it, an
    /// hour (<c>yyyy-MM-ddTHH</c>) or a quarter-hour (<c>yyyy-MM-ddTHH:mm</c>), keys in no order; buckets without calls are
    /// left out. Null when the rollups cannot answer (the filter or key is not in them, the file has no hourly rollups).
    /// </summary>
    internal List<(string Slot, string Key, CostTotals Totals)>? LocalBuckets(CostFilter filter, CostDimension? by, Func<DateTime, DateTime> bucketOf)
    {
        CostDimension[] dimensions = by is { } dimension ? [CostDimension.Day, dimension] : [CostDimension.Day];
        if (Chain(filter, dimensions, CostQuerySql.Grain.Day) is not [_, var hourly, var daily]
            || CostQuerySql.Slot(hourly) != CostQuerySql.SlotKind.Hour || CostQuerySql.Slot(daily) != CostQuerySql.SlotKind.Day)
        {
            return null;
        }

        if (filter.FromUtc?.UtcDateTime.Year >= 9999 || filter.ToUtc?.UtcDateTime.Year >= 9999)
        {
            // Its last day has no next one to round up to (as in CostQuerySql.Decompose), nor its last hour.
            return null;
        }

        DateTimeOffset? firstDay = filter.FromUtc is { } from ? CeilingDay(from) : null;
        DateTimeOffset? lastDay = filter.ToUtc is { } to ? FloorDay(to) : null;
        BucketSums sums = new(bucketOf);
        if (firstDay >= lastDay)
        {
            // No whole UTC day: hours (and the calls of partial hours), with the part-hours of other buckets moved.
            sums.AddPart(SlotBreakdown(filter, CostSeriesSlot.Hour, by), filter.FromUtc!.Value, filter.ToUtc!.Value);
        }
        else
        {
            // The partial UTC days at the ends likewise.
            if (filter.FromUtc is { } start && start != firstDay)
            {
                sums.AddPart(SlotBreakdown(filter with { ToUtc = firstDay }, CostSeriesSlot.Hour, by), start, firstDay!.Value);
            }

            if (filter.ToUtc is { } end && end != lastDay)
            {
                sums.AddPart(SlotBreakdown(filter with { FromUtc = lastDay }, CostSeriesSlot.Hour, by), lastDay!.Value, end);
            }

            CostFilter wholeDays = filter with { FromUtc = firstDay, ToUtc = lastDay };
            sums.AddDays(by is { } key
                ? CrossBreakdown(CostDimension.Day, key, wholeDays)
                : [.. Breakdown(CostDimension.Day, wholeDays).Select(row => (row.Key, string.Empty, row.Totals))]);
        }

        if (sums.HourRuns.Count > 0 || sums.PartHours.Count > 0)
        {
            using SqliteCommand command = CostQuerySql.MovedStretches(_connection, filter, sums.HourRuns, sums.PartHours, by, hourly, QuarterHours(hourly), _hasLowerBounds);
            using SqliteRows reader = new(command);
            int first = by is null ? 1 : 2;
            long[] values = new long[TotalsColumns];
            while (reader.Read())
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = reader.Int64(first + i);
                }

                sums.Move(reader.Text(0), by is null ? string.Empty : reader.Text(1), values);
            }
        }

        return sums.Rows();
    }

    /// <summary>
    /// The quarter-hours beside the hourly rollup <paramref name="hourly"/>, when the file has them (the totals' from schema
    /// 10, per model or project from 11): the part-hours moved along with the hours are read from them, else (null) from the calls.
    /// </summary>
    private CostQuerySql.Source? QuarterHours(CostQuerySql.Source hourly) => hourly switch
    {
        CostQuerySql.Source.HourlyTotals when _rollups.QuarterHours => CostQuerySql.Source.QuarterHourTotals,
        CostQuerySql.Source.HourlyModels => CostQuerySql.Source.QuarterHourModels,
        CostQuerySql.Source.HourlyProjects => CostQuerySql.Source.QuarterHourProjects,
        _ => null,
    };

    /// <summary>The totals columns <see cref="TotalsAt"/> reads, in its order: calls, nano-USD, unpriced, failed, five token sums, lower bounds.</summary>
    private const int TotalsColumns = 10;

    private static DateTimeOffset FloorDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset CeilingDay(DateTimeOffset instant) => FloorDay(instant) is var floor && floor == instant ? floor : floor.AddDays(1);

    /// <summary>Totals per bucket and key, in integers (nano-USD), with a UTC slot inside each bucket that names it.</summary>
    private sealed class BucketSums(Func<DateTime, DateTime> bucketOf)
    {
        private const string HourFormat = "yyyy-MM-dd'T'HH";

        private readonly Dictionary<(DateTime Bucket, string Key), long[]> _sums = [];
        private readonly Dictionary<DateTime, string> _slotOf = [];

        /// <summary>Each UTC day read whole: its first instant and the bucket its row was counted in (that of its noon), by day key.</summary>
        private readonly Dictionary<string, (DateTime Midnight, DateTime Bucket)> _days = new(StringComparer.Ordinal);

        /// <summary>Each part-hour to move, by its name (<see cref="CostQuerySql.SlotFormat"/>): the bucket it was counted in and its own.</summary>
        private readonly Dictionary<string, (DateTime From, DateTime To)> _partMoves = new(StringComparer.Ordinal);

        /// <summary>The hour <see cref="Move"/> saw last, the bucket of its day and its own.</summary>
        private string? _movedHour;
        private DateTime _movedFrom;
        private DateTime _movedTo;

        /// <summary>The runs of whole hours (from, to: hour keys) to move, read from the hourly rollups.</summary>
        public List<(string From, string To)> HourRuns { get; } = [];

        /// <summary>The part-hours to move (UTC bounds and a name), read from the calls.</summary>
        public List<(DateTime From, DateTime To, string Name)> PartHours { get; } = [];

        /// <summary>
        /// Adds hourly rows (slot keys <c>yyyy-MM-ddTHH:mm</c>) of [<paramref name="from"/>, <paramref name="to"/>), each to
        /// the bucket of its hour's start, and notes the part of an hour past a bucket's edge (a :30 or :45 zone) to move.
        /// </summary>
        public void AddPart(IEnumerable<(string Slot, string Key, CostTotals Totals)> rows, DateTimeOffset from, DateTimeOffset to)
        {
            foreach ((string slot, string key, CostTotals totals) in rows)
            {
                string hour = slot[..13];
                Add(bucketOf(Parse(hour, HourFormat)), hour, key, totals);
            }

            DateTime start = from.UtcDateTime;
            DateTime end = to.UtcDateTime;
            DateTime hourStart = new(start.Year, start.Month, start.Day, start.Hour, 0, 0);
            DateTime bucket = bucketOf(hourStart);
            for (; hourStart < end; hourStart = hourStart.AddHours(1))
            {
                DateTime next = bucketOf(hourStart.AddHours(1));
                if (Edge(hourStart, bucket, next) is { } edge && edge < end)
                {
                    Note(edge < start ? start : edge, hourStart.AddHours(1) < end ? hourStart.AddHours(1) : end, edge, bucket, next);
                }

                bucket = next;
            }
        }

        /// <summary>Adds UTC days' rows (day keys <c>yyyy-MM-dd</c>) to the bucket of their noon and notes those days' stretches that belong to another bucket.</summary>
        public void AddDays(IEnumerable<(string Day, string Key, CostTotals Totals)> rows)
        {
            DateTime[] hourBuckets = new DateTime[25];
            foreach ((string day, string key, CostTotals totals) in rows)
            {
                if (!_days.TryGetValue(day, out (DateTime Midnight, DateTime Bucket) read))
                {
                    DateTime midnight = Parse(day, "yyyy-MM-dd");
                    for (int hour = 0; hour <= 24; hour++)
                    {
                        // The last day .NET has (9999-12-31) has no next midnight: its last instant stands for it.
                        hourBuckets[hour] = bucketOf(hour < 24 || midnight < DateTime.MaxValue.Date ? midnight.AddHours(hour) : DateTime.MaxValue);
                    }

                    read = (midnight, hourBuckets[12]);
                    _days[day] = read;
                    NoteStretches(day, midnight, read.Bucket, hourBuckets);
                }

                Add(read.Bucket, day + "T12", key, totals);
            }
        }

        /// <summary>Moves a stretch's row (totals columns in <see cref="TotalsAt"/> order) from the bucket it was counted in to its own.</summary>
        public void Move(string slot, string key, ReadOnlySpan<long> values)
        {
            if (slot.Length > 13)
            {
                (DateTime from, DateTime to) = _partMoves[slot];
                Add(from, slot, key, values, -1);
                Add(to, slot, key, values, 1);
                return;
            }

            // Hours come sorted, many keys an hour: each hour's buckets are found once.
            if (slot != _movedHour)
            {
                (DateTime midnight, _movedFrom) = _days[slot[..10]];
                _movedTo = bucketOf(midnight.AddHours(((slot[11] - '0') * 10) + slot[12] - '0'));
                _movedHour = slot;
            }

            Add(_movedFrom, slot, key, values, -1);
            Add(_movedTo, slot, key, values, 1);
        }

        public List<(string Slot, string Key, CostTotals Totals)> Rows() =>
        [
            .. _sums.Where(pair => pair.Value[0] != 0).Select(pair => (_slotOf[pair.Key.Bucket], pair.Key.Key, new CostTotals(
                pair.Value[0], NanoUsd.ToUsd(pair.Value[1]), pair.Value[2], pair.Value[3], pair.Value[4], pair.Value[5], pair.Value[6], pair.Value[7], pair.Value[8])
            {
                LowerBoundCalls = pair.Value[9],
            })),
        ];

        /// <summary>
        /// Notes the stretches of a UTC day (bucket of each hour's start in <paramref name="hourBuckets"/>, hour 24 the next
        /// midnight's) outside <paramref name="dayBucket"/>: runs of whole hours, and the part of an hour on a bucket's other side.
        /// </summary>
        private void NoteStretches(string day, DateTime midnight, DateTime dayBucket, DateTime[] hourBuckets)
        {
            int? runStart = null;
            for (int hour = 0; hour <= 24; hour++)
            {
                DateTime hourStart = hour < 24 ? midnight.AddHours(hour) : default;
                DateTime? edge = hour < 24 ? Edge(hourStart, hourBuckets[hour], hourBuckets[hour + 1]) : null;
                bool elsewhere = hour < 24 && edge is null && hourBuckets[hour] != dayBucket;
                if (elsewhere && runStart is null)
                {
                    runStart = hour;
                }
                else if (!elsewhere && runStart is { } first)
                {
                    HourRuns.Add((HourKey(day, first), HourKey(day, hour)));
                    runStart = null;
                }

                if (edge is { } quarter)
                {
                    // Each side of the edge that lies in another bucket than the day's.
                    if (hourBuckets[hour] != dayBucket)
                    {
                        Note(hourStart, quarter, hourStart, dayBucket, hourBuckets[hour]);
                    }

                    if (hourBuckets[hour + 1] != dayBucket)
                    {
                        Note(quarter, hourStart.AddHours(1), quarter, dayBucket, hourBuckets[hour + 1]);
                    }
                }
            }
        }

        /// <summary>
        /// Where inside the hour from <paramref name="hourStart"/> the bucket changes (a quarter-hour after its start), given
        /// the buckets of its start and of the next hour's; null when it does not change within the hour.
        /// </summary>
        private DateTime? Edge(DateTime hourStart, DateTime bucket, DateTime next)
        {
            if (bucket == next)
            {
                return null;
            }

            for (int minutes = 15; minutes < 60; minutes += 15)
            {
                if (bucketOf(hourStart.AddMinutes(minutes)) != bucket)
                {
                    return hourStart.AddMinutes(minutes);
                }
            }

            return null;
        }

        /// <summary>Notes the calls of [<paramref name="from"/>, <paramref name="to"/>) to move between buckets, named by <paramref name="name"/> (an instant inside <paramref name="to"/>'s bucket).</summary>
        private void Note(DateTime from, DateTime to, DateTime name, DateTime fromBucket, DateTime toBucket)
        {
            string slot = name.ToString(CostQuerySql.SlotFormat, CultureInfo.InvariantCulture);
            PartHours.Add((from, to, slot));
            _partMoves[slot] = (fromBucket, toBucket);
        }

        private void Add(DateTime bucket, string slot, string key, CostTotals totals) => Add(bucket, slot, key,
        [
            totals.Calls, NanoUsd.From(totals.CostUsd), totals.UnpricedCalls, totals.FailedCalls, totals.InputTokens,
            totals.CachedInputTokens, totals.CacheWriteTokens, totals.OutputTokens, totals.ReasoningTokens, totals.LowerBoundCalls,
        ], 1);

        private void Add(DateTime bucket, string slot, string key, ReadOnlySpan<long> values, int sign)
        {
            if (sign > 0)
            {
                // Named by a slot it holds: a day's noon, a moved hour or part-hour (subtracting names nothing: the slot is not in that bucket).
                _slotOf.TryAdd(bucket, slot);
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
