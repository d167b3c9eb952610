using System.Globalization;
using System.IO;
using CostInstrumentation.Contract;
using CostInstrumentation.PostgreSql;
using Npgsql;

namespace CostInstrumentation.Reports;

/// <summary>
/// The ledger's budgets (<c>llmcost_budgets</c>, which every host publishes from its own declarations), their shared
/// counters and alerts. The ledger has no numeric ids: a budget's id is its position by key, an alert's its position in
/// the order alerts were raised, so they are stable while no budget is added and alerts are only ever appended.
/// </summary>
internal sealed partial class PostgreSqlReportSource
{
    /// <summary>The order that numbers the alerts (the ids <see cref="Alerts"/> shows and <see cref="AcknowledgeAlert"/> takes).</summary>
    private const string AlertOrder = "raised_utc, budget_key, period_start, threshold";

    private const string SharedBudgets =
        "Budgets on the shared ledger are the hosts' own declarations (code, budget files, options), which each host publishes when it starts: change them there.";

    /// <inheritdoc />
    public IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset nowUtc)
    {
        List<LedgerBudget> budgets = ReadBudgets();
        Dictionary<(string, DateTimeOffset), long> spent = [];
        using (NpgsqlCommand command = _connection.CreateCommand())
        {
            command.CommandText = """
                SELECT c.budget_key, c.period_start, c.spent_nanousd
                FROM llmcost_counters AS c JOIN unnest(@keys, @starts) AS w(budget_key, period_start) USING (budget_key, period_start)
                """;
            LedgerWhere.Add(command, "keys", budgets.Select(b => b.Key).ToArray());
            LedgerWhere.Add(command, "starts", budgets.Select(b => b.Start(nowUtc)).ToArray());
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                spent[(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1))] = reader.GetInt64(2);
            }
        }

        return [.. budgets.Select(b =>
        {
            DateTimeOffset start = b.Start(nowUtc);
            decimal spentUsd = NanoUsd.ToUsd(spent.GetValueOrDefault((b.Key, start)));
            decimal limitUsd = NanoUsd.ToUsd(b.LimitNano);
            return new BudgetStatusRow(b.Id, b.Scope, b.ScopeValue, b.Period, limitUsd, spentUsd, BudgetStatusRow.FractionOf(spentUsd, limitUsd),
                b.HardLimit, start, LedgerBudgetKeys.SourceOf(b.Key));
        })];
    }

    /// <summary>Every ledger budget is declared by the hosts and on; the ledger keeps no fallback model, and its thresholds end with the limit itself.</summary>
    public Dictionary<long, BudgetSettings> BudgetSettings() =>
        ReadBudgets().ToDictionary(b => b.Id, b => new BudgetSettings(null, b.Thresholds[..^1], Declared: true, Enabled: true));

    /// <inheritdoc />
    public (long Id, bool Created) SetBudget(LlmBudget budget) => throw new ReportConflictException(SharedBudgets);

    /// <inheritdoc />
    public bool EnableBudget(long id, bool enabled) => throw new ReportConflictException(SharedBudgets);

    /// <inheritdoc />
    public void UpdateBudget(long id, LlmBudget budget) => throw new ReportConflictException(SharedBudgets);

    /// <inheritdoc />
    public void RemoveBudget(long id) => throw new ReportConflictException(SharedBudgets);

    /// <inheritdoc />
    public IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged)
    {
        Dictionary<string, LedgerBudget> budgets = ReadBudgets().ToDictionary(b => b.Key, StringComparer.Ordinal);
        using NpgsqlCommand command = _connection.CreateCommand();
        command.CommandText = $"SELECT budget_key, period_start, threshold, spent_nanousd, raised_utc, acknowledged_utc FROM llmcost_alerts ORDER BY {AlertOrder}";
        List<BudgetAlertRow> rows = [];
        using NpgsqlDataReader reader = command.ExecuteReader();
        for (long id = 1; reader.Read(); id++)
        {
            DateTimeOffset? acknowledged = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5);
            if (acknowledged is not null && !includeAcknowledged)
            {
                continue;
            }

            LedgerBudget? budget = budgets.GetValueOrDefault(reader.GetString(0));
            rows.Add(new BudgetAlertRow(
                id,
                budget?.Id ?? 0,
                budget?.Scope ?? "",
                budget?.ScopeValue,
                budget?.Period ?? "",
                reader.GetFieldValue<DateTimeOffset>(1),
                BudgetAccount.Normalize(reader.GetDecimal(2)).ToString(CultureInfo.InvariantCulture),
                NanoUsd.ToUsd(reader.GetInt64(3)),
                reader.GetFieldValue<DateTimeOffset>(4),
                acknowledged));
        }

        rows.Reverse();
        return rows;
    }

    /// <inheritdoc />
    public void AcknowledgeAlert(long id)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        command.CommandText = $"""
            WITH numbered AS (
                SELECT budget_key, period_start, threshold, row_number() OVER (ORDER BY {AlertOrder}) AS id FROM llmcost_alerts)
            UPDATE llmcost_alerts AS a SET acknowledged_utc = coalesce(a.acknowledged_utc, now())
            FROM numbered AS n
            WHERE n.id = @id AND a.budget_key = n.budget_key AND a.period_start = n.period_start AND a.threshold = n.threshold
            """;
        LedgerWhere.Add(command, "id", id);
        if (command.ExecuteNonQuery() == 0)
        {
            throw new ReportNotFoundException($"There is no alert with id {id} (llmcost alerts list shows them).");
        }
    }

    /// <summary>The ledger's budgets by key, numbered from 1 in that order.</summary>
    private List<LedgerBudget> ReadBudgets()
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT budget_key, scope, scope_value, period, limit_nanousd, hard_limit, thresholds FROM llmcost_budgets ORDER BY budget_key COLLATE \"C\"";
        List<LedgerBudget> budgets = [];
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            budgets.Add(new LedgerBudget(
                budgets.Count + 1L, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetBoolean(5), reader.GetFieldValue<decimal[]>(6)));
        }

        return budgets;
    }

    /// <summary>One <c>llmcost_budgets</c> row and its id.</summary>
    private sealed record LedgerBudget(long Id, string Key, string Scope, string? ScopeValue, string Period, long LimitNano, bool HardLimit, decimal[] Thresholds)
    {
        /// <summary>The start of the UTC period containing <paramref name="now"/>, as the ledger keys its counters.</summary>
        public DateTimeOffset Start(DateTimeOffset now) =>
            BudgetNames.TryParse(Period, out BudgetPeriod period) ? UtcPeriods.Start(period, now) : throw new InvalidDataException($"Budget {Key} has an unknown period '{Period}'.");
    }
}
