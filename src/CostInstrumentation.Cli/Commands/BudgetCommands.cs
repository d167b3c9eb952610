using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost budget list|status|set|remove|enable|disable</c> (and the seed's <c>set-budget</c>, <c>budget-status</c>;
/// <c>enable-budget</c>, <c>disable-budget</c> after them). Budgets run on UTC periods, as the runtime enforces them.
/// <c>set</c> writes a <c>budgets</c> row that an application recording to the database enforces within its budget
/// refresh interval (5 s by default) or from its next start; <c>remove</c>, <c>enable</c> and <c>disable</c> apply as soon.
/// </summary>
internal static class BudgetCommands
{
    private static readonly Option<string?> FailOn = new("--fail-on")
    {
        Description = "Exit 10 when a budget is at a warning threshold (warning) and 11 when one reached its limit (warning or limit).",
        HelpName = "LEVEL",
    };

    static BudgetCommands()
    {
        FailOn.AcceptOnlyFromAmong("warning", "limit");
    }

    private static readonly Option<decimal?>[] Amounts =
    [
        new("--per-call") { Description = "A limit on each call's cost.", HelpName = "USD" },
        new("--daily") { Description = "A limit per UTC day.", HelpName = "USD" },
        new("--weekly") { Description = "A limit per ISO week (UTC).", HelpName = "USD" },
        new("--monthly") { Description = "A limit per UTC month.", HelpName = "USD" },
        new("--yearly") { Description = "A limit per UTC year.", HelpName = "USD" },
    ];

    private static readonly BudgetPeriod[] AmountPeriods = [BudgetPeriod.PerCall, BudgetPeriod.Day, BudgetPeriod.Week, BudgetPeriod.Month, BudgetPeriod.Year];

    private static readonly (Option<string?> Option, BudgetScope Scope)[] Scopes =
    [
        (new("--provider") { Description = "Counts the calls to this provider.", HelpName = "NAME" }, BudgetScope.Provider),
        (new("--model") { Description = "Counts the calls to this model (and its aliases).", HelpName = "MODEL" }, BudgetScope.Model),
        (new("--project") { Description = "Counts the calls of this project.", HelpName = "NAME" }, BudgetScope.Project),
        (new("--session") { Description = "Counts the calls of this session.", HelpName = "ID" }, BudgetScope.Session),
        (new("--tag") { Description = "Counts the calls carrying this tag.", HelpName = "TAG" }, BudgetScope.Tag),
        (new("--operation") { Description = "Counts the calls of this metered method (or Ns.Type.*).", HelpName = "NAME" }, BudgetScope.Operation),
    ];

    private static readonly Option<bool> HardLimit = new("--hard-limit") { Description = "Block calls that would pass the limit (or call --fallback instead)." };

    private static readonly Option<string?> Fallback = new("--fallback") { Description = "The model to call instead when the hard limit would be passed.", HelpName = "MODEL" };

    private static readonly Option<decimal[]> AlertAt = new("--alert-at")
    {
        Description = "The warning fractions (default 0.8 0.95); reaching 1 always alerts.",
        HelpName = "FRACTION",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>When a running application follows a change to the entered rows (LlmCostOptions.BudgetRefreshInterval).</summary>
    private const string WhenItApplies = "within its budget refresh interval (5 s by default), or from its next start";

    private static readonly Argument<long> Id = new("ID") { Description = "The budget's id (llmcost budget list)." };

    public static IEnumerable<Command> Create(CliEnvironment environment)
    {
        Command budget = new("budget", "List, check, set, remove, enable and disable budgets (UTC periods, as they are enforced).");
        budget.Add(List(environment, "list"));
        budget.Add(Status(environment, "status"));
        budget.Add(Set(environment, "set"));
        budget.Add(Remove(environment));
        budget.Add(Enable(environment, "enable", enabled: true));
        budget.Add(Enable(environment, "disable", enabled: false));
        return [budget, Set(environment, "set-budget"), Status(environment, "budget-status"),
            Enable(environment, "enable-budget", enabled: true), Enable(environment, "disable-budget", enabled: false)];
    }

    /// <summary>Each budget's spend against its limit in its current UTC period.</summary>
    public static ReportTable HealthTable(IReadOnlyList<BudgetReportRow> budgets)
    {
        ReportTable table = new("budgets", "Budgets (UTC periods)", [
            new ReportColumn("id", "Id", ColumnKind.Count, DropOrder: 2),
            new ReportColumn("budget", "Budget", ColumnKind.Text),
            new ReportColumn("period", "Period", ColumnKind.Text),
            new ReportColumn("spent", "Spent", ColumnKind.Money),
            new ReportColumn("limit", "Limit", ColumnKind.Money),
            new ReportColumn("used", "Used", ColumnKind.Fraction),
            new ReportColumn("health", "Health", ColumnKind.Text),
            new ReportColumn("hardLimit", "Hard", ColumnKind.Text, DropOrder: 1),
        ]);
        foreach (BudgetReportRow budget in budgets)
        {
            table.Add(budget.Status.Id, budget.Subject, budget.Status.Period, budget.Status.SpentUsd, budget.Status.LimitUsd, budget.Status.Fraction,
                budget.Health.ToString().ToLowerInvariant(), budget.Status.HardLimit);
        }

        return table;
    }

    private static Command List(CliEnvironment environment, string name)
    {
        Command command = new Command(name, "Every budget row: scope, period, limit, hard limit, fallback, warning fractions, where it was declared.").WithOutput();
        Invocation.Bind(command, environment, invocation =>
        {
            using CostReports reports = invocation.OpenReports();
            ReportDocument document = Document("budget list", "Budgets", invocation);
            ReportTable table = new("budgets", "Budgets", [
                new ReportColumn("id", "Id", ColumnKind.Count),
                new ReportColumn("budget", "Budget", ColumnKind.Text),
                new ReportColumn("period", "Period", ColumnKind.Text),
                new ReportColumn("limit", "Limit", ColumnKind.Money),
                new ReportColumn("enabled", "Enabled", ColumnKind.Text),
                new ReportColumn("hardLimit", "Hard", ColumnKind.Text, DropOrder: 4),
                new ReportColumn("fallback", "Fallback", ColumnKind.Text, DropOrder: 3),
                new ReportColumn("warnAt", "Alerts at", ColumnKind.Text, DropOrder: 2),
                new ReportColumn("source", "Declared in", ColumnKind.Text, DropOrder: 1),
            ]);
            foreach (BudgetReportRow budget in reports.Budgets(invocation.Now))
            {
                table.Add(budget.Status.Id, budget.Subject, budget.Status.Period, budget.Status.LimitUsd, budget.Enabled, budget.Status.HardLimit, budget.Fallback,
                    string.Join(" ", budget.WarnAt.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                    budget.Declared ? budget.Status.Source : budget.Status.Source ?? "budgets table");
            }

            document.Tables.Add(table);
            invocation.Render(document);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CliEnvironment environment, string name)
    {
        Command command = new Command(name, "Each budget's current period: spent, left, days left, average per day, projection, the day the limit will be hit.").WithOutput();
        command.Add(FailOn);
        Invocation.Bind(command, environment, invocation =>
        {
            using CostReports reports = invocation.OpenReports();
            IReadOnlyList<BudgetReportRow> budgets = reports.Budgets(invocation.Now);
            ReportDocument document = Document("budget status", "Budget status", invocation);
            ReportTable table = new("budgets", "Budget status (UTC periods)", [
                new ReportColumn("id", "Id", ColumnKind.Count, DropOrder: 8),
                new ReportColumn("budget", "Budget", ColumnKind.Text),
                new ReportColumn("period", "Period", ColumnKind.Text, DropOrder: 7),
                new ReportColumn("spent", "Spent", ColumnKind.Money),
                new ReportColumn("limit", "Limit", ColumnKind.Money),
                new ReportColumn("used", "Used", ColumnKind.Fraction),
                new ReportColumn("left", "Left", ColumnKind.Money, DropOrder: 6),
                new ReportColumn("daysLeft", "Days left", ColumnKind.Number, DropOrder: 5),
                new ReportColumn("perDay", "Per day", ColumnKind.Money, DropOrder: 4),
                new ReportColumn("projected", "Projected", ColumnKind.Money, DropOrder: 3),
                new ReportColumn("limitReached", "Limit hit", ColumnKind.Time, DropOrder: 2),
                new ReportColumn("health", "Health", ColumnKind.Text),
                new ReportColumn("periodEnd", "Period end", ColumnKind.Time, DropOrder: 9),
            ]);
            foreach (BudgetReportRow budget in budgets)
            {
                table.Add(budget.Status.Id, budget.Subject, budget.Status.Period, budget.Status.SpentUsd, budget.Status.LimitUsd, budget.Status.Fraction, budget.LeftUsd,
                    budget.DaysLeft, budget.AveragePerDayUsd, budget.ProjectedUsd, budget.LimitReachedUtc, budget.Health.ToString().ToLowerInvariant(), budget.PeriodEndUtc);
            }

            document.Tables.Add(table);
            document.Notes.Add("Reservations of calls in flight live in the running application and are not in the database.");
            invocation.Render(document);
            return (invocation.Parse.GetValue(FailOn), budgets) switch
            {
                ("warning" or "limit", var all) when all.Any(b => b.Health == BudgetHealth.Limit) => Fail(invocation, ExitCodes.BudgetLimit, "a budget reached its limit"),
                ("warning", var all) when all.Any(b => b.Health == BudgetHealth.Warning) => Fail(invocation, ExitCodes.BudgetWarning, "a budget is past a warning threshold"),
                _ => ExitCodes.Ok,
            };
        });
        return command;
    }

    private static Command Set(CliEnvironment environment, string name)
    {
        Command command = new Command(name, "Set a budget: one of --per-call/--daily/--weekly/--monthly/--yearly USD, at most one scope option (none: global).");
        command.Add(CommonOptions.Database);
        foreach (Option<decimal?> amount in Amounts)
        {
            command.Add(amount);
        }

        foreach ((Option<string?> option, _) in Scopes)
        {
            command.Add(option);
        }

        command.Add(HardLimit);
        command.Add(Fallback);
        command.Add(AlertAt);
        Invocation.Bind(command, environment, invocation =>
        {
            LlmBudget budget = Budget(invocation);
            using CostReports reports = invocation.OpenReports();
            (long id, bool created) = reports.SetBudget(budget);
            invocation.Environment.Out.WriteLine(
                $"{(created ? "Added" : "Updated")} budget {id}: {BudgetText.Subject(budget)}, "
                + $"{CellText.Usd(budget.LimitUsd)} per {BudgetText.Period(budget)}{(budget.HardLimit ? ", hard limit" : "")}. "
                + $"An application recording to this database enforces it {WhenItApplies}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliEnvironment environment)
    {
        Command command = new("remove", "Remove a budget row you entered (and its alerts); budgets declared in code are changed there.");
        command.Add(CommonOptions.Database);
        command.Add(Id);
        Invocation.Bind(command, environment, invocation =>
        {
            long id = invocation.Parse.GetValue(Id);
            using CostReports reports = invocation.OpenReports();
            reports.RemoveBudget(id);
            invocation.Environment.Out.WriteLine($"Removed budget {id}. An application recording to this database stops enforcing it {WhenItApplies}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Enable(CliEnvironment environment, string name, bool enabled)
    {
        Command command = new(name, enabled
            ? "Enforce again a budget row you entered and disabled."
            : "Stop enforcing a budget row you entered, keeping it (and its alerts) to enable later; budgets declared in code are changed there.");
        command.Add(CommonOptions.Database);
        command.Add(Id);
        Invocation.Bind(command, environment, invocation =>
        {
            long id = invocation.Parse.GetValue(Id);
            using CostReports reports = invocation.OpenReports();
            string state = enabled ? "enabled" : "disabled";
            invocation.Environment.Out.WriteLine(reports.EnableBudget(id, enabled)
                ? $"Budget {id} is {state}. An application recording to this database {(enabled ? "enforces it again" : "stops enforcing it")} {WhenItApplies}."
                : $"Budget {id} was already {state}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static LlmBudget Budget(Invocation invocation)
    {
        (decimal Amount, BudgetPeriod Period)[] amounts = [.. Amounts.Select((option, i) => (invocation.Parse.GetValue(option), AmountPeriods[i]))
            .Where(pair => pair.Item1 is not null).Select(pair => (pair.Item1!.Value, pair.Item2))];
        if (amounts.Length != 1)
        {
            throw new ReportArgumentException("Give exactly one of --per-call, --daily, --weekly, --monthly or --yearly with the limit in USD.");
        }

        (BudgetScope Scope, string Value)[] scopes = [.. Scopes.Select(s => (s.Scope, invocation.Parse.GetValue(s.Option)!)).Where(s => s.Item2 is not null)];
        if (scopes.Length > 1)
        {
            throw new ReportArgumentException("Give at most one of --provider, --model, --project, --session, --tag or --operation (none: a global budget).");
        }

        decimal[] alertAt = invocation.Parse.GetValue(AlertAt) ?? [];
        if (alertAt.Any(f => f <= 0 || f >= 1))
        {
            throw new ReportArgumentException("--alert-at takes fractions between 0 and 1, such as 0.8 0.95.");
        }

        if (invocation.Parse.GetValue(Fallback) is not null && !invocation.Parse.GetValue(HardLimit))
        {
            throw new ReportArgumentException("--fallback applies to a hard limit: add --hard-limit.");
        }

        try
        {
            LlmBudget budget = new(scopes.Length == 0 ? BudgetScope.Global : scopes[0].Scope, scopes.Length == 0 ? null : scopes[0].Value, amounts[0].Period, amounts[0].Amount)
            {
                HardLimit = invocation.Parse.GetValue(HardLimit),
                Fallback = invocation.Parse.GetValue(Fallback),
                Source = "llmcost budget set",
            };
            return alertAt.Length > 0 ? budget with { WarnAt = [.. alertAt.Order()] } : budget;
        }
        catch (ArgumentException exception)
        {
            throw new ReportArgumentException(exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static ReportDocument Document(string command, string title, Invocation invocation)
    {
        ReportDocument document = new(command, title);
        document.Facts.Add(("Periods", "budgets run on UTC periods (UTC); now is " + invocation.Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)));
        return document;
    }

    private static int Fail(Invocation invocation, int code, string why)
    {
        invocation.Environment.Error.WriteLine($"llmcost: {why} (--fail-on {invocation.Parse.GetValue(FailOn)}).");
        return code;
    }
}
