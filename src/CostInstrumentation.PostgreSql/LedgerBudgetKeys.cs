using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// How a budget is named in the shared ledger (the same declaration on every host names the same counters), which
/// budgets a shipped call counts against, and the <c>llmcost_budgets</c> rows that give the ledger their limits and alert thresholds.
/// </summary>
internal static class LedgerBudgetKeys
{
    /// <summary>Scope, value, period and where it was declared: hosts running the same code share it; a changed limit keeps its counters.</summary>
    internal static string Of(LlmBudget budget) =>
        $"{BudgetNames.Of(budget.Scope)}|{budget.ScopeValue}|{BudgetNames.Of(budget.Period)}|{budget.Source ?? "LlmCostOptions.AddBudget"}";

    /// <summary>Where the budget named <paramref name="key"/> was declared: the key's last part.</summary>
    internal static string SourceOf(string key) => key[(key.LastIndexOf('|') + 1)..];

    /// <summary>Every periodic budget of <paramref name="accounts"/> with its key, made once per set of budgets rather than per shipped call.</summary>
    internal static (BudgetAccount Account, string Key)[] Periodic(BudgetAccount[] accounts) =>
        [.. accounts.Where(a => !a.IsPerCall).Select(a => (a, Of(a.Budget)))];

    /// <summary>Adds the budget key and period start of every periodic budget <paramref name="subject"/> falls under, for the call at <paramref name="timestampUtc"/>.</summary>
    internal static void Assign((BudgetAccount Account, string Key)[] budgets, in BudgetSubject subject, DateTimeOffset timestampUtc, long localId, List<(long LocalId, string Key, DateTime PeriodStart)> into)
    {
        foreach ((BudgetAccount account, string key) in budgets)
        {
            if (subject.Matches(account.Budget))
            {
                into.Add((localId, key, UtcPeriods.Start(account.Budget.Period, timestampUtc).UtcDateTime));
            }
        }
    }

    /// <summary>The first four arguments of <c>llmcost_reserve</c> and <c>llmcost_lease</c>: the hold or lease id, and the budgets' keys, period starts and limits, in key order.</summary>
    internal static void AddHeld(NpgsqlParameterCollection parameters, Guid id, (BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted)
    {
        parameters.Add(new() { Value = id });
        parameters.Add(new() { Value = sorted.Select(h => h.Key).ToArray() });
        parameters.Add(new() { Value = sorted.Select(h => h.PeriodStart.UtcDateTime).ToArray() });
        parameters.Add(new() { Value = sorted.Select(h => h.Account.LimitNano).ToArray() });
    }

    /// <summary>The account named <paramref name="key"/>, if this host has one.</summary>
    internal static BudgetAccount? Find(BudgetAccount[] accounts, string key) =>
        Array.Find(accounts, a => !a.IsPerCall && Of(a.Budget) == key);

    /// <summary>Writes (or updates) a row per periodic budget: the ledger's counters take their limits and thresholds from it.</summary>
    internal static void Publish(NpgsqlConnection connection, BudgetAccount[] accounts)
    {
        using NpgsqlBatch batch = new(connection);
        foreach (BudgetAccount account in accounts.Where(a => !a.IsPerCall).OrderBy(a => Of(a.Budget), StringComparer.Ordinal))
        {
            NpgsqlBatchCommand command = new("""
                INSERT INTO llmcost_budgets (budget_key, scope, scope_value, period, limit_nanousd, hard_limit, thresholds)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (budget_key) DO UPDATE SET limit_nanousd = excluded.limit_nanousd, hard_limit = excluded.hard_limit, thresholds = excluded.thresholds
                """);
            LlmBudget budget = account.Budget;
            command.Parameters.Add(new() { Value = Of(budget) });
            command.Parameters.Add(new() { Value = BudgetNames.Of(budget.Scope) });
            command.Parameters.Add(new() { Value = (object?)budget.ScopeValue ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = BudgetNames.Of(budget.Period) });
            command.Parameters.Add(new() { Value = account.LimitNano });
            command.Parameters.Add(new() { Value = budget.HardLimit });
            command.Parameters.Add(new() { Value = account.Thresholds });
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            PostgreSqlLedger.RetryConflicts(batch.ExecuteNonQuery);
        }
    }
}
