using System;
using System.Collections.Generic;
using System.Linq;

namespace CostInstrumentation.Hosting;

/// <summary>
/// The <c>CostInstrumentation</c> configuration section, as <c>AddLlmCostTracking(configuration.GetSection(…))</c> binds
/// it: what <see cref="LlmCostOptions"/> sets up in code, in configuration keys (docs/hosting.md lists each with its
/// default). Environment variables reach it the usual way (<c>CostInstrumentation__Enabled=false</c>).
/// </summary>
public sealed class LlmCostTrackingOptions
{
    /// <summary>The section name the documentation and samples use.</summary>
    public const string SectionName = "CostInstrumentation";

    /// <summary>Tracking on or off. Off: nothing is recorded, no budget is enforced, no pricing file is read. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SQLite database every call is recorded to (created when missing); budgets are read from and mirrored to it.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Whether a call waits for its record to commit (<see cref="SqliteDurability.Committed"/>) or not (the default).</summary>
    public SqliteDurability? SqliteDurability { get; set; }

    /// <summary>The project recorded for calls that name none.</summary>
    public string? DefaultProject { get; set; }

    /// <summary>What a call reserves while it runs when its cost cannot be estimated (USD, not negative; default 0.01).</summary>
    public decimal? DefaultReservationUsd { get; set; }

    /// <summary>A global monthly budget (UTC months) in USD, warning only; greater than zero.</summary>
    public decimal? DefaultMonthlyBudgetUsd { get; set; }

    /// <summary>The fractions of a limit that raise warning and critical alerts, for budgets that name none (default 0.8 and 0.95).</summary>
    public decimal[]? AlertThresholds { get; set; }

    /// <summary>Budgets enforced with those compiled in from attributes and budget files.</summary>
    public List<LlmCostBudgetOptions> Budgets { get; } = [];

    /// <summary>Where budget alerts are posted as JSON, when set.</summary>
    public LlmCostWebhookOptions? Webhook { get; set; }

    /// <summary>
    /// A pricing file (any of the build's formats) read at start-up: the models it lists are priced by it instead of
    /// the compiled table, and their calls record its version. Validated as the build validates it.
    /// </summary>
    public string? PricingFile { get; set; }

    /// <summary>
    /// A file the calls recorded while the host ran are exported to when it stops (<c>.csv</c>, <c>.json</c>, <c>.jsonl</c>
    /// or <c>.xlsx</c>, by its extension); needs <see cref="SqlitePath"/>.
    /// </summary>
    public string? ExportOnExit { get; set; }
}

/// <summary>One entry of <c>CostInstrumentation:Budgets</c>: one budget per period limit it sets.</summary>
public sealed class LlmCostBudgetOptions
{
    /// <summary>Which calls the budget counts (default <see cref="BudgetScope.Global"/>).</summary>
    public BudgetScope Scope { get; set; } = BudgetScope.Global;

    /// <summary>The provider, model, project, session, tag or operation; none for a global budget.</summary>
    public string? Value { get; set; }

    /// <summary>The most one call may cost (USD).</summary>
    public decimal? PerCallUsd { get; set; }

    /// <summary>The limit per UTC day (USD).</summary>
    public decimal? DailyUsd { get; set; }

    /// <summary>The limit per UTC week (USD).</summary>
    public decimal? WeeklyUsd { get; set; }

    /// <summary>The limit per UTC month (USD).</summary>
    public decimal? MonthlyUsd { get; set; }

    /// <summary>The limit per UTC year (USD).</summary>
    public decimal? YearlyUsd { get; set; }

    /// <summary>Refuse (or switch to <see cref="Fallback"/>) a call that would exceed the limit.</summary>
    public bool HardLimit { get; set; }

    /// <summary>The model to call instead when the hard limit would be exceeded.</summary>
    public string? Fallback { get; set; }

    /// <summary>This budget's alert thresholds (fractions of the limit), instead of <see cref="LlmCostTrackingOptions.AlertThresholds"/>.</summary>
    public decimal[]? WarnAt { get; set; }

    /// <summary>The limits set, each with its period and configuration key.</summary>
    internal IEnumerable<(string Key, BudgetPeriod Period, decimal LimitUsd)> Limits()
    {
        (string, BudgetPeriod, decimal?)[] all =
        [
            (nameof(PerCallUsd), BudgetPeriod.PerCall, PerCallUsd),
            (nameof(DailyUsd), BudgetPeriod.Day, DailyUsd),
            (nameof(WeeklyUsd), BudgetPeriod.Week, WeeklyUsd),
            (nameof(MonthlyUsd), BudgetPeriod.Month, MonthlyUsd),
            (nameof(YearlyUsd), BudgetPeriod.Year, YearlyUsd),
        ];
        return all.Where(l => l.Item3 is not null).Select(l => (l.Item1, l.Item2, l.Item3!.Value));
    }
}

/// <summary><c>CostInstrumentation:Webhook</c>: where and how budget alerts are posted (<see cref="LlmCostOptions.UseBudgetWebhook"/>).</summary>
public sealed class LlmCostWebhookOptions
{
    /// <summary>The absolute http(s) URL alerts are posted to.</summary>
    public string? Url { get; set; }

    /// <summary>Attempts per alert, the first included (default 5).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The wait before the second attempt, doubling after (default 1 second).</summary>
    public TimeSpan? InitialDelay { get; set; }

    /// <summary>How long one attempt may take (default 10 seconds).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Alerts queued beyond this many are dropped and reported (default 1,000).</summary>
    public int? Capacity { get; set; }
}
