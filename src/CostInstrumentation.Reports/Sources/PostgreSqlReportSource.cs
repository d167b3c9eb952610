using System.IO;
using System.Net.Sockets;
using System.Text;
using CostInstrumentation.PostgreSql;
using Npgsql;

namespace CostInstrumentation.Reports;

/// <summary>
/// A shared PostgreSQL ledger (<c>CostInstrumentation.PostgreSql</c>): the same answers as <see cref="SqliteReportSource"/> gives
/// for the same calls, from <c>llmcost_calls</c> (time as <c>timestamptz</c>, tags as <c>jsonb</c>) and, when they hold the
/// answer, its hourly and daily rollups. Budgets and alerts are the ledger's: counters shared by every host, and alerts
/// raised once across them. One connection per instance, like the SQLite source.
/// </summary>
internal sealed partial class PostgreSqlReportSource : IReportSource
{
    /// <summary>The totals columns over <c>llmcost_calls AS c</c>, in <see cref="LlmCostQuery.ReadTotals"/>'s order.</summary>
    private const string CallTotals = """
        count(*), coalesce(sum(c.cost_nanousd), 0)::bigint, count(*) - count(c.cost_nanousd), count(*) FILTER (WHERE c.outcome <> 'ok'),
        coalesce(sum(c.input_tokens), 0)::bigint, coalesce(sum(c.cached_input_tokens), 0)::bigint, coalesce(sum(c.cache_write_tokens), 0)::bigint,
        coalesce(sum(c.output_tokens), 0)::bigint, coalesce(sum(c.reasoning_tokens), 0)::bigint,
        count(*) FILTER (WHERE c.cost_is_lower_bound AND c.cost_nanousd IS NOT NULL)
        """;

    /// <summary>The same columns over a rollup table (which counts lower bounds as the calls columns above do).</summary>
    private const string RollupTotals = """
        coalesce(sum(calls), 0)::bigint, coalesce(sum(cost_nanousd), 0)::bigint, coalesce(sum(unpriced_calls), 0)::bigint, coalesce(sum(failed_calls), 0)::bigint,
        coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(cached_input_tokens), 0)::bigint, coalesce(sum(cache_write_tokens), 0)::bigint,
        coalesce(sum(output_tokens), 0)::bigint, coalesce(sum(reasoning_tokens), 0)::bigint, coalesce(sum(lower_bound_calls), 0)::bigint
        """;

    /// <summary>A UTC hour bucket, as <see cref="ReportStore.BucketStart"/> reads it.</summary>
    private const string HourFormat = "'YYYY-MM-DD\"T\"HH24'";

    private readonly NpgsqlConnection _connection;

    private PostgreSqlReportSource(string location, NpgsqlConnection connection)
    {
        Location = location;
        _connection = connection;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Connects to the ledger at <paramref name="address"/> (a connection string or a <c>postgresql://</c> URI) and checks its schema.</summary>
    /// <exception cref="ReportArgumentException">The address is not a connection string.</exception>
    /// <exception cref="ReportDatabaseException">The server cannot be reached, refuses the login, or holds no ledger or a newer one.</exception>
    public static PostgreSqlReportSource Open(string address)
    {
        NpgsqlConnectionStringBuilder builder = LedgerAddress.Parse(address);
        string location = LedgerAddress.Display(builder);
        NpgsqlConnection connection = new(builder.ConnectionString);
        try
        {
            connection.Open();
            int version = PostgreSqlSchema.Version(connection) ?? throw new ReportDatabaseException(ReportDatabaseProblem.Missing,
                $"{location} holds no CostInstrumentation ledger (no llmcost_schema_version table): point --db at the database the hosts' UsePostgreSql ships to.");
            return version <= PostgreSqlSchema.CurrentVersion
                ? new PostgreSqlReportSource(location, connection)
                : throw new ReportDatabaseException(ReportDatabaseProblem.Newer,
                    $"{location} has ledger schema version {version}, newer than this version reads ({PostgreSqlSchema.CurrentVersion}): update llmcost (dotnet tool update -g CostInstrumentation.Cli).");
        }
        catch (Exception exception)
        {
            connection.Dispose();
            if (Translate(exception, location) is { } problem)
            {
                throw problem;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public IEnumerable<SourceGroup> Group(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours) =>
        Groups(period, filter, dimensions, quarterHours);

    /// <inheritdoc />
    public CostTotals Totals(ReportPeriod period, ReportFilter filter) =>
        Groups(period, filter, [], quarterHours: false) is [var only] ? only.Totals : default;

    private List<SourceGroup> Groups(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT ");
        string? rollups = Rollups(period, filter, dimensions, quarterHours);
        foreach (ReportDimension dimension in dimensions)
        {
            sql.Append(rollups is null ? CallKey(dimension, quarterHours) : RollupKey(dimension)).Append(", ");
        }

        if (rollups is not null)
        {
            sql.Append(RollupTotals).Append(" FROM ").Append(rollups);
            LedgerWhere.AppendRollups(sql, command, rollups == "llmcost_daily_rollups" ? "day" : "hour", period, filter);
        }
        else
        {
            sql.Append(CallTotals).Append(" FROM llmcost_calls AS c");
            if (dimensions.Contains(ReportDimension.Tag))
            {
                // Untagged calls keep one row (under ""), as SQLite's LEFT JOIN json_each does; a call with two tags counts under each.
                sql.Append(" LEFT JOIN LATERAL jsonb_array_elements_text(c.tags) AS t(value) ON true");
            }

            LedgerWhere.AppendCalls(sql, command, period, filter);
        }

        if (dimensions.Length > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, dimensions.Length));
        }

        command.CommandText = sql.ToString();
        using NpgsqlDataReader reader = command.ExecuteReader();
        return ResultRows.Groups(reader, dimensions.Length);
    }

    /// <inheritdoc />
    public ReportDatabaseException? Translate(Exception exception) => Translate(exception, Location);

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// The rollup table that holds the answer, or null: they keep UTC hour or day × provider × model × project, so the
    /// filter may name only those, the grouping only those and time (in whole hours: not for quarter-hour zones), and the
    /// bounds must fall on the table's slots.
    /// </summary>
    private static string? Rollups(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours)
    {
        bool byTime = dimensions.Any(d => d.IsTime());
        if (!LedgerWhere.FitsRollups(filter) || (byTime && quarterHours)
            || dimensions.Any(d => !d.IsTime() && d is not (ReportDimension.Model or ReportDimension.Provider or ReportDimension.Project)))
        {
            return null;
        }

        return !byTime && Aligned(period, TimeSpan.TicksPerDay) ? "llmcost_daily_rollups"
            : Aligned(period, TimeSpan.TicksPerHour) ? "llmcost_hourly_rollups"
            : null;
    }

    private static bool Aligned(ReportPeriod period, long ticks) =>
        (period.FromUtc is not { } from || from.UtcTicks % ticks == 0) && (period.ToUtc is not { } to || to.UtcTicks % ticks == 0);

    private static string CallKey(ReportDimension dimension, bool quarterHours) =>
        ReportStore.CallKey(dimension)
        ?? (quarterHours
            ? $"to_char(c.ts_utc AT TIME ZONE 'UTC', {HourFormat}) || ':' || lpad((extract(minute FROM c.ts_utc AT TIME ZONE 'UTC')::int / 15 * 15)::text, 2, '0')"
            : $"to_char(c.ts_utc AT TIME ZONE 'UTC', {HourFormat})");

    private static string RollupKey(ReportDimension dimension) => dimension switch
    {
        ReportDimension.Model => "model",
        ReportDimension.Provider => "provider",
        ReportDimension.Project => "project",
        _ => $"to_char(hour AT TIME ZONE 'UTC', {HourFormat})",
    };

    private static ReportDatabaseException? Translate(Exception exception, string location) => exception switch
    {
        ReportDatabaseException or ReportArgumentException => null,
        PostgresException { SqlState: "28P01" or "28000" } => new(ReportDatabaseProblem.Denied,
            $"PostgreSQL refused the login to {location}: a wrong user name or password, or no access from this machine (pg_hba.conf).", exception),
        PostgresException { SqlState: "3D000" } => new(ReportDatabaseProblem.Missing, $"There is no database at {location}: check the Database part of --db.", exception),
        PostgresException { SqlState: "42501" } pg => new(ReportDatabaseProblem.Denied, $"{location} may not be read by this user: {ReportDatabaseException.FirstSentence(pg.MessageText)}", exception),
        PostgresException { SqlState: "57P03" or "53300" } pg => new(ReportDatabaseProblem.Unreachable, $"{location} does not accept connections now: {ReportDatabaseException.FirstSentence(pg.MessageText)}", exception),
        PostgresException pg => new(ReportDatabaseProblem.Corrupt, $"{location} could not be read: {ReportDatabaseException.FirstSentence(pg.MessageText)}", exception),
        NpgsqlException or TimeoutException or SocketException or IOException => new(ReportDatabaseProblem.Unreachable,
            $"The PostgreSQL server of {location} cannot be reached ({ReportDatabaseException.FirstSentence((exception.InnerException ?? exception).Message).TrimEnd('.')}): check that it runs and that --db names it.", exception),
        _ => null,
    };
}
