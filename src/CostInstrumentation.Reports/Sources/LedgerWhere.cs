using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace CostInstrumentation.Reports;

/// <summary>
/// A report's selection as SQL over the ledger's <c>llmcost_calls AS c</c> (or its rollups), with the meaning
/// <see cref="ReportStore"/> gives it over SQLite: provider ignoring case, a model glob, "" for no project or session,
/// every tag, <c>Ns.Type.*</c> operations. Values are always parameters; only fixed fragments are concatenated.
/// </summary>
internal static class LedgerWhere
{
    private const string RegexSpecial = "\\.^$|()[]{}*+?";

    /// <summary>The condition on the calls table (<paramref name="extra"/> is a fixed fragment added to it).</summary>
    internal static void AppendCalls(StringBuilder sql, NpgsqlCommand command, ReportPeriod period, ReportFilter filter, string? extra = null)
    {
        List<string> conditions = [];
        Bounds(conditions, command, "c.ts_utc", period);
        Common(conditions, command, filter, "c.");
        if (filter.Session is { } session)
        {
            Optional(conditions, command, "c.session_id", "session", session);
        }

        for (int i = 0; i < filter.Tags.Count; i++)
        {
            string name = "tag" + i.ToString(CultureInfo.InvariantCulture);
            conditions.Add($"c.tags @> jsonb_build_array(@{name}::text)");
            Add(command, name, filter.Tags[i]);
        }

        if (filter.Operation is { } operation && operation.EndsWith(".*", StringComparison.Ordinal))
        {
            conditions.Add("starts_with(c.operation, @operation)");
            Add(command, "operation", operation[..^1]);
        }
        else
        {
            Equal(conditions, command, "c.operation", "operation", filter.Operation);
        }

        Equal(conditions, command, "c.call_site", "callSite", filter.CallSite);
        Equal(conditions, command, "c.outcome", "outcome", filter.Outcome);
        if (extra is not null)
        {
            conditions.Add(extra);
        }

        Where(sql, conditions);
    }

    /// <summary>The condition on a rollup table, whose slot column is <paramref name="slot"/> (only provider, model and project filters: <see cref="FitsRollups"/>).</summary>
    internal static void AppendRollups(StringBuilder sql, NpgsqlCommand command, string slot, ReportPeriod period, ReportFilter filter)
    {
        List<string> conditions = [];
        Bounds(conditions, command, slot, period);
        Common(conditions, command, filter, "");
        Where(sql, conditions);
    }

    /// <summary>Whether the rollups (slot × provider × model × project) hold what <paramref name="filter"/> selects.</summary>
    internal static bool FitsRollups(ReportFilter filter) =>
        !IsGlob(filter.Model) && filter.Tags.Count == 0 && filter.Session is null && filter.Operation is null && filter.CallSite is null && filter.Outcome is null;

    /// <summary>A typed parameter (so a null is still a typed null).</summary>
    internal static void Add<T>(NpgsqlCommand command, string name, T value) => command.Parameters.Add(new NpgsqlParameter<T>(name, value));

    private static void Bounds(List<string> conditions, NpgsqlCommand command, string column, ReportPeriod period)
    {
        if (period.FromUtc is { } from)
        {
            conditions.Add($"{column} >= @from");
            Add(command, "from", from.ToUniversalTime());
        }

        if (period.ToUtc is { } to)
        {
            conditions.Add($"{column} < @to");
            Add(command, "to", to.ToUniversalTime());
        }
    }

    /// <summary>Provider, model and project: the filters the rollups hold too (their project is '' for none).</summary>
    private static void Common(List<string> conditions, NpgsqlCommand command, ReportFilter filter, string table)
    {
        if (filter.Provider is { } provider)
        {
            conditions.Add($"lower({table}provider) = lower(@provider)");
            Add(command, "provider", provider);
        }

        if (filter.Model is { } model)
        {
            conditions.Add(IsGlob(model) ? $"{table}model ~ @model" : $"{table}model = @model");
            Add(command, "model", IsGlob(model) ? GlobPattern(model) : model);
        }

        if (filter.Project is { } project)
        {
            Optional(conditions, command, table + "project", "project", project);
        }
    }

    private static void Where(StringBuilder sql, List<string> conditions)
    {
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
    }

    private static void Equal(List<string> conditions, NpgsqlCommand command, string column, string name, string? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = @{name}");
            Add(command, name, value);
        }
    }

    /// <summary>"" selects NULL and '' alike, as both are shown under "(none)".</summary>
    private static void Optional(List<string> conditions, NpgsqlCommand command, string column, string name, string value)
    {
        if (value.Length == 0)
        {
            conditions.Add($"({column} IS NULL OR {column} = '')");
        }
        else
        {
            Equal(conditions, command, column, name, value);
        }
    }

    private static bool IsGlob(string? model) => model?.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>SQLite's GLOB (case-sensitive; <c>*</c>, <c>?</c>, <c>[…]</c> and <c>[^…]</c>) as an anchored PostgreSQL regular expression.</summary>
    internal static string GlobPattern(string glob)
    {
        StringBuilder pattern = new("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            // A class's first member (after ^) may be ']' itself: the closing one is searched after it.
            int firstMember = i + (i + 1 < glob.Length && glob[i + 1] == '^' ? 2 : 1);
            int close = c == '[' && firstMember < glob.Length ? glob.IndexOf(']', firstMember + 1) : -1;
            if (c == '*')
            {
                pattern.Append(".*");
            }
            else if (c == '?')
            {
                pattern.Append('.');
            }
            else if (close > i)
            {
                string set = glob[(i + 1)..close];
                pattern.Append('[').Append(set.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                i = close;
            }
            else
            {
                pattern.Append(RegexSpecial.Contains(c) ? "\\" + c : c.ToString());
            }
        }

        return pattern.Append('$').ToString();
    }
}
