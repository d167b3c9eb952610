using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Builds the aggregate SQL of <see cref="LlmCostQuery"/>. A range whose filter and grouping the rollups hold is cut into
/// the fewest rows that add up to it (<see cref="Decompose"/>): the calls of the partial hours at both ends, hourly
/// rollups for the partial days, daily ones for the partial months and monthly ones for the whole months, read in one
/// statement (UNION ALL) and added up once. Anything else reads the calls. Values are always parameters; only fixed
/// fragments are concatenated.
/// </summary>
internal static partial class CostQuerySql
{
    /// <summary>How a series slot key (<c>yyyy-MM-ddTHH:mm</c>, UTC) is written by the SQL below.</summary>
    internal const string SlotFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly string[] RawTotalsColumns =
    [
        "count(*)", "coalesce(sum(c.cost_nanousd), 0)", "count(*) - count(c.cost_nanousd)", "coalesce(sum(c.outcome <> 'ok'), 0)",
        "coalesce(sum(c.input_tokens), 0)", "coalesce(sum(c.cached_input_tokens), 0)", "coalesce(sum(c.cache_write_tokens), 0)",
        "coalesce(sum(c.output_tokens), 0)", "coalesce(sum(c.reasoning_tokens), 0)",
    ];

    /// <summary>A rollup row's totals columns, in the order of <see cref="RawTotalsColumns"/>.</summary>
    private static readonly string[] RollupColumns =
        ["calls", "cost_nanousd", "unpriced_calls", "failed_calls", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens"];

    private static readonly string[] RollupTotalsColumns = [.. RollupColumns.Select(column => $"coalesce(sum({column}), 0)")];

    /// <summary>The totals columns over <c>llm_calls AS c</c> (also the report layer's, for the questions it asks itself).</summary>
    internal static readonly string RawTotals = string.Join(", ", RawTotalsColumns);

    /// <summary>Where a part of an aggregate reads its rows from: the calls, or a rollup table.</summary>
    internal enum Source
    {
        Calls,
        HourlyRollups,
        DailyRollups,
        MonthlyRollups,
        HourlyTotals,
        DailyTotals,
        QuarterHourTotals,
        // Per provider and model, and per project (schema 11).
        QuarterHourModels,
        HourlyModels,
        DailyModels,
        QuarterHourProjects,
        HourlyProjects,
        DailyProjects,
        // The rollups of one dimension each (schema 9, 10) come last: they are the sources at or after DailyCallSites.
        DailyCallSites,
        DailyOperations,
        DailyTags,
        DailySessions,
        MonthlySessions,
        YearlySessions,
    }

    /// <summary>The coarsest slot a question's keys allow a rollup to have.</summary>
    internal enum Grain
    {
        QuarterHour,
        Hour,
        Day,
        Month,
    }

    /// <summary>The count of lower-bound costs (the last totals column), or 0 from a file older than schema version 4.</summary>
    internal static string LowerBoundCalls(Source source, bool hasLowerBounds) => ", " + LowerBoundColumn(source, hasLowerBounds, rowPerKey: false);

    /// <summary>
    /// The tables a question may read, finest first (always the calls first): none but the calls when the filter or a
    /// key is not in the rollups (tag, session, operation, call site); the totals without dimensions when nothing asks
    /// for provider, model or project; the hours and days per model (or per project) when nothing asks for the other
    /// keys, then the monthly rollups; else the rollups the file has, up to <paramref name="coarsest"/>. Quarter-hours
    /// (<see cref="Grain.QuarterHour"/>) are read from a table of them, the totals' or those per model or project, or the calls.
    /// </summary>
    internal static Source[] Chain(CostFilter filter, IReadOnlyList<CostDimension> by, Grain coarsest, RollupTables tables, bool needsDimensions = false)
    {
        if (!needsDimensions && DimensionRollup(filter, by, coarsest, tables) is { } daily)
        {
            return daily == Source.DailySessions && coarsest >= Grain.Month && tables.CoarseSessions
                ? [Source.Calls, daily, Source.MonthlySessions, Source.YearlySessions]
                : [Source.Calls, daily];
        }

        if (!RollupsHold(filter, by))
        {
            return [Source.Calls];
        }

        List<Source> chain = [Source.Calls];
        bool plain = filter.Model is null && filter.Provider is null && filter.Project is null && by.All(static d => d == CostDimension.Day);
        if (tables.Grained && plain && !needsDimensions)
        {
            if (coarsest == Grain.QuarterHour)
            {
                return tables.QuarterHours ? [Source.Calls, Source.QuarterHourTotals] : [Source.Calls];
            }

            chain.Add(Source.HourlyTotals);
            if (coarsest >= Grain.Day)
            {
                chain.Add(Source.DailyTotals);
            }

            return [.. chain];
        }

        if (needsDimensions && !tables.Grained)
        {
            return [Source.Calls];
        }

        (Source QuarterHourly, Source Hourly, Source Daily)? keyed = tables.ModelsAndProjects && !needsDimensions ? KeyRollups(filter, by) : null;
        if (coarsest == Grain.QuarterHour)
        {
            return keyed is { } quarters ? [Source.Calls, quarters.QuarterHourly] : [Source.Calls];
        }

        if (keyed is { } rollups)
        {
            chain.Add(rollups.Hourly);
            if (coarsest >= Grain.Day)
            {
                chain.Add(rollups.Daily);
            }
        }
        else
        {
            if (tables.Hourly)
            {
                chain.Add(Source.HourlyRollups);
            }

            if (tables.Daily && coarsest >= Grain.Day)
            {
                chain.Add(Source.DailyRollups);
            }
        }

        if (tables.Grained && coarsest >= Grain.Month)
        {
            chain.Add(Source.MonthlyRollups);
        }

        return [.. chain];
    }

    /// <summary>
    /// Cuts [<paramref name="from"/>, <paramref name="to"/>) (null: unbounded) into parts, each read from one table of
    /// <paramref name="chain"/>: every part but those of the first table starts and ends on its table's slots, and
    /// together they hold each instant of the range once (the added parts, less the <c>Subtract</c> ones).
    /// <para>
    /// Without <paramref name="now"/> every part is added: a range's partial slot at each end is read from the finer table.
    /// With it, such an end may instead be read as the whole coarser slot less the rest of it, when the rest covers less
    /// time before <paramref name="now"/> than the end itself, even counting the coarser row as one finer slot more (a month
    /// of sessions has about as many rows as a day): the last 30 days read two months less 7 past days, not 30 days, and
    /// this month its month row less days yet to come, which hold no rows. Only sums may be read so (not distinct values).
    /// </para>
    /// </summary>
    internal static List<(Source Source, DateTimeOffset? From, DateTimeOffset? To, bool Subtract)> Decompose(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<Source> chain, DateTimeOffset? now = null)
    {
        List<(Source, DateTimeOffset?, DateTimeOffset?, bool)> parts = [];
        Cut(from, to, 0);
        return parts;

        void Cut(DateTimeOffset? start, DateTimeOffset? end, int level)
        {
            Source source = chain[level];
            if (level + 1 < chain.Count && BeforeYear9999(start) && BeforeYear9999(end))
            {
                Source next = chain[level + 1];
                DateTimeOffset? innerStart = start is { } s ? Ceiling(s, next) : null;
                DateTimeOffset? innerEnd = end is { } e ? Floor(e, next) : null;
                DateTimeOffset? outerStart = start is { } s2 ? Floor(s2, next) : null;
                DateTimeOffset? outerEnd = end is { } e2 ? Ceiling(e2, next) : null;
                bool widenStart, widenEnd;
                if (innerStart > innerEnd)
                {
                    // Inside one slot of the next table: this table's rows, or that slot less both sides.
                    widenStart = widenEnd = Cheaper(Passed(outerStart, start) + Passed(end, outerEnd), Passed(start, end), source);
                }
                else
                {
                    widenStart = start != innerStart && Cheaper(Passed(outerStart, start), Passed(start, innerStart), source);
                    widenEnd = end != innerEnd && Cheaper(Passed(end, outerEnd), Passed(innerEnd, end), source);
                }

                DateTimeOffset? nextStart = widenStart ? outerStart : innerStart;
                DateTimeOffset? nextEnd = widenEnd ? outerEnd : innerEnd;
                if (nextStart < nextEnd || nextStart is null || nextEnd is null)
                {
                    if (start != nextStart)
                    {
                        parts.Add(widenStart ? (source, nextStart, start, true) : (source, start, nextStart, false));
                    }

                    Cut(nextStart, nextEnd, level + 1);
                    if (end != nextEnd)
                    {
                        parts.Add(widenEnd ? (source, end, nextEnd, true) : (source, nextEnd, end, false));
                    }

                    return;
                }
            }

            parts.Add((source, start, end, false));
        }

        // How much of [a, b) lies before now: the time whose rows a part reads (none yet after now).
        TimeSpan Passed(DateTimeOffset? a, DateTimeOffset? b) =>
            now is { } present && a is { } first && b is { } last && first < present ? (last < present ? last : present) - first : TimeSpan.Zero;

        // Whether reading the next table's slot and subtracting `rest` beats adding `direct` from this table.
        bool Cheaper(TimeSpan rest, TimeSpan direct, Source finer) => now is not null && rest + SlotLength(finer) < direct;
    }

    /// <summary>The length of a slot of <paramref name="source"/> (none for the calls; a month's at most).</summary>
    private static TimeSpan SlotLength(Source source) => source == Source.Calls ? TimeSpan.Zero : Slot(source) switch
    {
        SlotKind.QuarterHour => TimeSpan.FromMinutes(15),
        SlotKind.Hour => TimeSpan.FromHours(1),
        SlotKind.Day => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(31),
    };

    /// <summary>Year 9999 is left whole: its last month has no next one to round up to.</summary>
    private static bool BeforeYear9999(DateTimeOffset? instant) => instant is not { } value || value.UtcDateTime.Year < 9999;

    /// <summary>
    /// A command reading, per key of <paramref name="slot"/> (column 0, <see cref="SlotFormat"/>) when given and of each of
    /// <paramref name="by"/> (the next columns), the totals (10 columns); ordered by the keys when <paramref name="orderByKeys"/>.
    /// With <paramref name="repeatKeys"/> a key may come in several rows (the caller adds them up): the parts are not added
    /// up in SQL (unless one is subtracted, so that a key left with no calls is dropped), and a model's rollup rows are
    /// grouped per provider too, in the order of the table's primary key, which spares SQLite sorting them (a year's
    /// day × model grid: 71 instead of 152 ms in SQLite alone).
    /// </summary>
    internal static SqliteCommand Aggregate(SqliteConnection connection, CostFilter filter, CostSeriesSlot? slot, IReadOnlyList<CostDimension> by, IReadOnlyList<Source> chain, bool hasLowerBounds,
        DateTimeOffset now, bool orderByKeys = false, bool repeatKeys = false)
    {
        SqliteCommand command = connection.CreateCommand();
        List<(Source Source, DateTimeOffset? From, DateTimeOffset? To, bool Subtract)> parts = Decompose(filter.FromUtc, filter.ToUtc, chain, now);
        int keyCount = (slot is null ? 0 : 1) + by.Count;
        List<string> selects = [];
        for (int i = 0; i < parts.Count; i++)
        {
            Source source = parts[i].Source;
            List<string> columns = [];
            if (slot is { } s)
            {
                columns.Add(SlotKey(s, source));
            }

            columns.AddRange(by.Select(dimension => Key(dimension, source)));
            // The terms the part is grouped by (an hour by the hourly table's own column: SQLite then follows the primary key).
            List<string> groups = [.. columns.Select((column, index) => index == 0 && slot == CostSeriesSlot.Hour && source != Source.Calls && Slot(source) == SlotKind.Hour ? "hour" : column)];
            if (repeatKeys && PerProvider(source, by))
            {
                groups.Add("provider");
            }

            bool rowPerKey = RowPerKey(source, groups);
            IEnumerable<string> totals = TotalsColumns(source, hasLowerBounds, rowPerKey);
            columns.AddRange(parts[i].Subtract ? totals.Select(total => $"-({total})") : totals);
            List<string> conditions = Conditions(command, filter, source, parts[i].From, parts[i].To, i);
            StringBuilder part = new("SELECT ");
            part.AppendJoin(", ", columns.Select((column, index) => $"{column} AS v{index}")).Append(From(source));
            if (source == Source.Calls && by.Contains(CostDimension.Tag))
            {
                // A LEFT JOIN keeps untagged calls (under the empty key); a call with two tags joins twice.
                part.Append(" LEFT JOIN json_each(c.tags) AS t");
            }

            Where(part, conditions);
            if (keyCount > 0 && !rowPerKey)
            {
                part.Append(" GROUP BY ").AppendJoin(", ", groups);
            }

            selects.Add(part.ToString());
        }

        StringBuilder sql = new();
        if (selects.Count == 1 || (repeatKeys && !parts.Any(part => part.Subtract)))
        {
            sql.AppendJoin(" UNION ALL ", selects);
        }
        else
        {
            // Each part is grouped by the keys already; the outer query adds the parts' rows of each key up.
            sql.Append("SELECT ")
                .AppendJoin(", ", Enumerable.Range(0, keyCount + RawTotalsColumns.Length + 1).Select(index => index < keyCount ? $"v{index}" : $"sum(v{index})"))
                .Append(" FROM (").AppendJoin(" UNION ALL ", selects).Append(')');
            if (keyCount > 0)
            {
                sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, keyCount));
                if (parts.Any(part => part.Subtract))
                {
                    // A key whose calls were all subtracted has none in the range (every count and sum is back to 0).
                    sql.Append($" HAVING sum(v{keyCount}) <> 0");
                }
            }
        }

        if (orderByKeys && keyCount > 0)
        {
            sql.Append(" ORDER BY ").AppendJoin(", ", Enumerable.Range(1, keyCount));
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>A command reading the distinct pricing versions (column 0) of the selected calls; a missing or empty one is left out.</summary>
    internal static SqliteCommand PricingVersions(SqliteConnection connection, CostFilter filter, IReadOnlyList<Source> chain)
    {
        SqliteCommand command = connection.CreateCommand();
        List<(Source Source, DateTimeOffset? From, DateTimeOffset? To, bool Subtract)> parts = Decompose(filter.FromUtc, filter.ToUtc, chain);
        List<string> selects = [];
        for (int i = 0; i < parts.Count; i++)
        {
            Source source = parts[i].Source;
            string column = source == Source.Calls ? "c.pricing_version" : "pricing_version";
            List<string> conditions = Conditions(command, filter, source, parts[i].From, parts[i].To, i);
            conditions.Add($"{column} <> ''");
            StringBuilder part = new($"SELECT DISTINCT {column}");
            part.Append(From(source));
            Where(part, conditions);
            selects.Add(part.ToString());
        }

        command.CommandText = string.Join(" UNION ", selects);
        return command;
    }

    /// <summary>The conditions of <paramref name="filter"/> over <c>llm_calls AS c</c>, with their parameters added to <paramref name="command"/>.</summary>
    internal static List<string> RawConditions(SqliteCommand command, CostFilter filter) =>
        Conditions(command, filter, Source.Calls, filter.FromUtc, filter.ToUtc, part: 0);

    internal static string FormatTimestamp(DateTimeOffset instant) => UtcTimestamp.Write(instant);

    /// <summary>
    /// The conditions of one part over its table: its own bounds (parameters numbered by <paramref name="part"/>) and the
    /// filter's criteria (parameters shared by every part).
    /// </summary>
    private static List<string> Conditions(SqliteCommand command, CostFilter filter, Source source, DateTimeOffset? from, DateTimeOffset? to, int part)
    {
        List<string> conditions = [];
        (string slotColumn, Func<DateTimeOffset, string> format) = source == Source.Calls
            ? ("c.ts_utc", FormatTimestamp)
            : (Table(source).SlotColumn, (Func<DateTimeOffset, string>)(instant => instant.UtcDateTime.ToString(Table(source).SlotFormat, CultureInfo.InvariantCulture)));
        if (from is { } start)
        {
            conditions.Add($"{slotColumn} >= $from{part}");
            command.Parameters.AddWithValue($"$from{part}", format(start));
        }

        if (to is { } end)
        {
            conditions.Add($"{slotColumn} < $to{part}");
            command.Parameters.AddWithValue($"$to{part}", format(end));
        }

        if (source != Source.Calls)
        {
            // The rollups store a missing project as '', so the empty filter value matches it directly.
            Equal(command, conditions, "model", "$model", filter.Model);
            Equal(command, conditions, filter.ProviderIgnoresCase ? "provider COLLATE NOCASE" : "provider", "$provider", filter.Provider);
            Equal(command, conditions, "project", "$project", filter.Project);
            OperationCondition(command, conditions, "operation", filter.Operation);
            return conditions;
        }

        Equal(command, conditions, "c.model", "$model", filter.Model);
        Equal(command, conditions, filter.ProviderIgnoresCase ? "c.provider COLLATE NOCASE" : "c.provider", "$provider", filter.Provider);
        OptionalEqual(command, conditions, "c.project", "$project", filter.Project);
        OptionalEqual(command, conditions, "c.session_id", "$session", filter.Session);
        if (filter.Tag is { } tag)
        {
            conditions.Add("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = $tag)");
            Parameter(command, "$tag", tag);
        }

        OperationCondition(command, conditions, "c.operation", filter.Operation);
        return conditions;
    }

    /// <summary>The operation filter over <paramref name="column"/>: one method, or <c>Ns.Type.*</c> for every method of a type.</summary>
    private static void OperationCondition(SqliteCommand command, List<string> conditions, string column, string? operation)
    {
        if (operation is not null && OperationName.IsEveryMethodOf(operation))
        {
            // A prefix compare, so no LIKE/GLOB escaping of the value is needed.
            conditions.Add($"substr({column}, 1, length($operation)) = $operation");
            Parameter(command, "$operation", operation[..^1]);
        }
        else
        {
            Equal(command, conditions, column, "$operation", operation);
        }
    }

    private static void Equal(SqliteCommand command, List<string> conditions, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = {parameter}");
            Parameter(command, parameter, value);
        }
    }

    /// <summary>"" selects NULL and '' alike, as both are reported under the empty key; other values compare exactly (index-friendly).</summary>
    private static void OptionalEqual(SqliteCommand command, List<string> conditions, string column, string parameter, string? value)
    {
        if (value is "")
        {
            conditions.Add($"({column} IS NULL OR {column} = '')");
        }
        else
        {
            Equal(command, conditions, column, parameter, value);
        }
    }

    /// <summary>Adds a filter parameter once, however many parts use it.</summary>
    private static void Parameter(SqliteCommand command, string name, string value)
    {
        if (!command.Parameters.Contains(name))
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static void Where(StringBuilder sql, List<string> conditions)
    {
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
    }

    private static string From(Source source) => source == Source.Calls ? " FROM llm_calls AS c" : " FROM " + Table(source).Name;

    private static SqliteSchema.RollupTable Table(Source source) => source switch
    {
        Source.HourlyRollups => SqliteSchema.HourlyRollups,
        Source.DailyRollups => SqliteSchema.DailyRollups,
        Source.MonthlyRollups => SqliteSchema.MonthlyRollups,
        Source.HourlyTotals => SqliteSchema.HourlyTotals,
        Source.DailyTotals => SqliteSchema.DailyTotals,
        Source.QuarterHourTotals => SqliteSchema.QuarterHourTotals,
        Source.QuarterHourModels => SqliteSchema.QuarterHourModels,
        Source.HourlyModels => SqliteSchema.HourlyModels,
        Source.DailyModels => SqliteSchema.DailyModels,
        Source.QuarterHourProjects => SqliteSchema.QuarterHourProjects,
        Source.HourlyProjects => SqliteSchema.HourlyProjects,
        Source.DailyProjects => SqliteSchema.DailyProjects,
        Source.DailyCallSites => SqliteSchema.DailyCallSites.Table,
        Source.DailyOperations => SqliteSchema.DailyOperations.Table,
        Source.DailyTags => SqliteSchema.DailyTags.Table,
        Source.DailySessions => SqliteSchema.DailySessions.Table,
        Source.MonthlySessions => SqliteSchema.MonthlySessions,
        Source.YearlySessions => SqliteSchema.YearlySessions,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "The calls are not a rollup table."),
    };

    private static string LowerBoundColumn(Source source, bool hasLowerBounds, bool rowPerKey) =>
        !hasLowerBounds ? "0" : source == Source.Calls ? "coalesce(sum(c.cost_is_lower_bound), 0)" : rowPerKey ? "lower_bound_calls" : "coalesce(sum(lower_bound_calls), 0)";

    /// <summary>The totals columns of a part over <paramref name="source"/>: sums, or a row's own values when it is its key's only row.</summary>
    private static IEnumerable<string> TotalsColumns(Source source, bool hasLowerBounds, bool rowPerKey) =>
        (source == Source.Calls ? RawTotalsColumns : rowPerKey ? RollupColumns : RollupTotalsColumns).Append(LowerBoundColumn(source, hasLowerBounds, rowPerKey));

    /// <summary>
    /// Whether grouping <paramref name="source"/>'s rows by <paramref name="groups"/> leaves each row a group of its own: they
    /// are its primary key's columns (a year of days × model from the daily models). Its rows are then read as they are, as
    /// they stand in the table, without a GROUP BY adding each up alone (a third of that grid's time in SQLite).
    /// </summary>
    private static bool RowPerKey(Source source, IReadOnlyCollection<string> groups) =>
        source != Source.Calls && groups.Count > 0 && groups.ToHashSet(StringComparer.Ordinal).SetEquals(Table(source).KeyColumns.Append(Table(source).SlotColumn));

    /// <summary>The slots a rollup table's rows are kept per.</summary>
    internal enum SlotKind
    {
        QuarterHour,
        Hour,
        Day,
        Month,
        Year,
    }

    /// <summary>The slots of <paramref name="source"/>'s rows, told by its slot column.</summary>
    internal static SlotKind Slot(Source source) => Table(source).SlotColumn switch
    {
        "quarter" => SlotKind.QuarterHour,
        "hour" => SlotKind.Hour,
        "day" => SlotKind.Day,
        "month" => SlotKind.Month,
        _ => SlotKind.Year,
    };

    /// <summary>The first instant of the slot of <paramref name="source"/> that holds <paramref name="instant"/>.</summary>
    private static DateTimeOffset Floor(DateTimeOffset instant, Source source)
    {
        DateTime utc = instant.UtcDateTime;
        return new DateTimeOffset(Slot(source) switch
        {
            SlotKind.QuarterHour => new DateTime(utc.Ticks - (utc.Ticks % (TimeSpan.TicksPerMinute * 15))),
            SlotKind.Hour => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0),
            SlotKind.Day => utc.Date,
            SlotKind.Month => new DateTime(utc.Year, utc.Month, 1),
            _ => new DateTime(utc.Year, 1, 1),
        }, TimeSpan.Zero);
    }

    /// <summary>The first slot start of <paramref name="source"/> at or after <paramref name="instant"/>.</summary>
    private static DateTimeOffset Ceiling(DateTimeOffset instant, Source source)
    {
        DateTimeOffset floor = Floor(instant, source);
        return floor == instant ? floor : Slot(source) switch
        {
            SlotKind.QuarterHour => floor.AddMinutes(15),
            SlotKind.Hour => floor.AddHours(1),
            SlotKind.Day => floor.AddDays(1),
            SlotKind.Month => floor.AddMonths(1),
            _ => floor.AddYears(1),
        };
    }

    private static string Key(CostDimension by, Source source) => (by, source) switch
    {
        (_, Source.Calls) => RawKey(by),
        (CostDimension.Day, _) when Slot(source) is SlotKind.QuarterHour or SlotKind.Hour => $"substr({Table(source).SlotColumn}, 1, 10)",
        (CostDimension.Day, _) when Slot(source) == SlotKind.Day => "day",
        (CostDimension.CallSite or CostDimension.Operation or CostDimension.Tag or CostDimension.Session, >= Source.DailyCallSites) => Table(source).KeyColumns[0],
        (CostDimension.Model, _) => "model",
        (CostDimension.Provider, _) => "provider",
        (CostDimension.Project, _) => "project",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, $"{source} does not keep this dimension."),
    };

    /// <summary>The slot a call or rollup row falls in, as <see cref="SlotFormat"/> text.</summary>
    private static string SlotKey(CostSeriesSlot slot, Source source) => (slot, source) switch
    {
        (CostSeriesSlot.Hour, not Source.Calls) when Slot(source) == SlotKind.Hour => "hour || ':00'",
        (CostSeriesSlot.Hour, Source.Calls) => "substr(c.ts_utc, 1, 13) || ':00'",
        (CostSeriesSlot.QuarterHour, not Source.Calls) when Slot(source) == SlotKind.QuarterHour => "quarter",
        (CostSeriesSlot.QuarterHour, Source.Calls) => SqliteSchema.QuarterOf("c.ts_utc"),
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, $"No {slot} series from {source}."),
    };

    private static string RawKey(CostDimension by) => by switch
    {
        CostDimension.Model => "c.model",
        CostDimension.Provider => "c.provider",
        CostDimension.Project => "coalesce(c.project, '')",
        CostDimension.Tag => "coalesce(t.value, '')",
        CostDimension.Session => "coalesce(c.session_id, '')",
        CostDimension.Operation => "c.operation",
        CostDimension.CallSite => "c.call_site",
        CostDimension.Day => "substr(c.ts_utc, 1, 10)",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
    };

    /// <summary>
    /// The daily rollup (schema 9) of a breakdown by call site, operation, tag or session whose filter names nothing but
    /// bounds (those rollups keep no other key), or of totals or an operation breakdown filtered by operation only (each call
    /// has one, so its rows add up exactly; a tag filter counts a call listing a tag twice once, its rollup twice, and one
    /// session's calls are found faster through the calls' session index).
    /// </summary>
    private static Source? DimensionRollup(CostFilter filter, IReadOnlyList<CostDimension> by, Grain coarsest, RollupTables tables)
    {
        if (!tables.Dimensions || coarsest < Grain.Day || filter is not { Model: null, Provider: null, Project: null, Tag: null, Session: null })
        {
            return null;
        }

        return (by, filter.Operation) switch
        {
            ([] or [CostDimension.Operation], not null) => Source.DailyOperations,
            ([var only], null) => only switch
            {
                CostDimension.CallSite => Source.DailyCallSites,
                CostDimension.Operation => Source.DailyOperations,
                CostDimension.Tag => Source.DailyTags,
                CostDimension.Session => Source.DailySessions,
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Whether grouping <paramref name="source"/>'s rows by <paramref name="by"/> and provider follows its primary key (slot,
    /// provider, model, …; SQLite orders GROUP BY terms to match it): a model's rows, when not keyed by provider already.
    /// </summary>
    private static bool PerProvider(Source source, IReadOnlyList<CostDimension> by) =>
        source != Source.Calls && Table(source).KeyColumns is ["provider", "model", ..] && by.Contains(CostDimension.Model) && !by.Contains(CostDimension.Provider);

    /// <summary>
    /// The quarter-hourly, hourly and daily rollups of one key (schema 11) that hold a question the rollups hold: those per
    /// provider and model when it asks nothing of projects, those per project when it asks nothing of providers or models.
    /// </summary>
    private static (Source QuarterHourly, Source Hourly, Source Daily)? KeyRollups(CostFilter filter, IReadOnlyList<CostDimension> by) =>
        filter.Project is null && !by.Contains(CostDimension.Project) ? (Source.QuarterHourModels, Source.HourlyModels, Source.DailyModels)
        : filter is { Model: null, Provider: null } && !by.Contains(CostDimension.Model) && !by.Contains(CostDimension.Provider) ? (Source.QuarterHourProjects, Source.HourlyProjects, Source.DailyProjects)
        : null;

    /// <summary>Tag, session and operation are not in the rollups of provider × model × project; nor are the groupings by them or by call site.</summary>
    private static bool RollupsHold(CostFilter filter, IReadOnlyList<CostDimension> by) =>
        filter.Tag is null && filter.Session is null && filter.Operation is null
        && by.All(static d => d is CostDimension.Model or CostDimension.Provider or CostDimension.Project or CostDimension.Day);
}

/// <summary>
/// The rollup tables a file has: hourly (schema 5), daily (schema 2), from schema 8 the monthly ones, the totals
/// without dimensions and the pricing version as a key, from schema 9 the daily call sites, operations, tags and sessions,
/// from schema 10 the monthly and yearly sessions and the totals per quarter-hour, and from schema 11 the quarter-hours,
/// hours and days per provider and model and per project.
/// </summary>
internal readonly record struct RollupTables(bool Hourly, bool Daily, bool Grained, bool Dimensions = false, bool CoarseSessions = false, bool QuarterHours = false, bool ModelsAndProjects = false);
