using System.Globalization;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;
using Microsoft.Extensions.Time.Testing;

namespace CostInstrumentation.Cli.Tests;

public sealed class BudgetCommandTests
{
    [Fact]
    public async Task A_budget_set_from_the_shell_is_enforced_by_an_application_configured_on_the_same_file()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call(now.ToString("O", CultureInfo.InvariantCulture), 0.5m, project: "gamma"));

        CliResult set = CliRun.Run(["budget", "set", "--daily", "1", "--project", "gamma", "--hard-limit", "--alert-at", "0.8", "--db", database.Path], now: now);
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("within its budget refresh interval (5 s by default), or from its next start", set.Out);

        List<LlmBudgetAlertEventArgs> alerts = [];
        void OnAlert(object? sender, LlmBudgetAlertEventArgs alert) => alerts.Add(alert);
        LlmCostTracker.BudgetAlert += OnAlert;
        try
        {
            LlmCostTracker.Configure(options => options.UseSqlite(database.Path));
            LlmBudgetStatus status = Assert.Single(LlmCostTracker.GetBudgetStatus(), s => s.Budget.Scope == BudgetScope.Project && s.Budget.ScopeValue == "gamma");
            Assert.Equal(1m, status.Budget.LimitUsd);
            Assert.True(status.Budget.HardLimit);
            Assert.Equal(0.5m, status.SpentUsd);

            LlmCostTracker.Record(CostDatabase.Call(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), 0.35m, project: "gamma"));
            await LlmCostTracker.FlushAsync();

            LlmBudgetAlertEventArgs alert = Assert.Single(alerts);
            Assert.Equal(0.8m, alert.Threshold);
        }
        finally
        {
            LlmCostTracker.BudgetAlert -= OnAlert;
            LlmCostTracker.Configure(_ => { });
        }

        // The alert the application stored is what `alerts` lists; `budget status` gates on it.
        JsonElement listed = CliRun.Run(["alerts", "--unacked", "--db", database.Path, "--format", "json"], now: now).Json;
        long alertId = Assert.Single(listed.GetProperty("alerts").EnumerateArray()).GetProperty("id").GetInt64();
        Assert.Equal(10, CliRun.Run(["budget", "status", "--fail-on", "warning", "--db", database.Path], now: DateTimeOffset.UtcNow).ExitCode);
        Assert.Equal(0, CliRun.Run(["budget", "status", "--fail-on", "limit", "--db", database.Path], now: DateTimeOffset.UtcNow).ExitCode);
        Assert.Equal(0, CliRun.Run(["alerts", "ack", alertId.ToString(CultureInfo.InvariantCulture), "--db", database.Path]).ExitCode);
        Assert.Empty(CliRun.Run(["alerts", "--unacked", "--db", database.Path, "--format", "json"]).Json.GetProperty("alerts").EnumerateArray());
        Assert.Equal(2, CliRun.Run(["alerts", "ack", "999", "--db", database.Path]).ExitCode);
    }

    [Fact]
    public async Task Set_replaces_the_entered_row_of_the_same_scope_and_period_and_remove_deletes_it()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 0.5m));

        Assert.Contains("Added budget 1", CliRun.Run(["set-budget", "--monthly", "10", "--db", database.Path]).Out);
        Assert.Contains("Updated budget 1", CliRun.Run(["budget", "set", "--monthly", "12.5", "--db", database.Path]).Out);
        Assert.Contains("Added budget 2", CliRun.Run(["budget", "set", "--weekly", "3", "--model", "gpt-4o", "--hard-limit", "--fallback", "gpt-4o-mini", "--db", database.Path]).Out);

        Assert.Equal(12_500_000_000, database.Scalar("SELECT limit_nanousd FROM budgets WHERE id = 1"));
        Assert.Equal(2, database.Scalar("SELECT count(*) FROM budgets"));
        JsonElement list = CliRun.Run(["budget", "list", "--db", database.Path, "--format", "json"]).Json;
        SchemaCheck.Report(list.GetRawText());
        Assert.Equal(["global", "model=gpt-4o"], list.GetProperty("budgets").EnumerateArray().Select(b => b.GetProperty("budget").GetString()));
        Assert.Equal("gpt-4o-mini", list.GetProperty("budgets")[1].GetProperty("fallback").GetString());

        Assert.Equal(0, CliRun.Run(["budget", "remove", "2", "--db", database.Path]).ExitCode);
        Assert.Equal(1, database.Scalar("SELECT count(*) FROM budgets"));
        Assert.Equal(2, CliRun.Run(["budget", "remove", "2", "--db", database.Path]).ExitCode);
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM llm_calls WHERE cost_nanousd <> 500000000"));
    }

    [Fact]
    public async Task A_budget_disabled_from_the_shell_stops_blocking_a_running_application_and_blocks_again_once_enabled()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 0.5m));
        // A hard per-call limit below the default reservation (0.01 USD) of a call to an unpriced model blocks each such call.
        Assert.Equal(0, CliRun.Run(["budget", "set", "--per-call", "0.001", "--model", "shell-model", "--hard-limit", "--db", database.Path]).ExitCode);
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        await using LlmCostPipeline running = LlmCostPipeline.Create(options =>
        {
            options.Clock = clock;
            options.UseSqlite(database.Path);
        });
        MeteredCallSite site = new("Shell.App.Ask", "App.cs:1", "shell-model", "test", null, null, null, null);
        bool Blocked()
        {
            try
            {
                running.Admit(site, null, null);
                return false;
            }
            catch (BudgetExceededException)
            {
                return true;
            }
        }

        bool atStart = Blocked();
        CliResult disable = CliRun.Run(["budget", "disable", "1", "--db", database.Path]);
        bool disabledBeforeRefresh = Blocked();
        clock.Advance(LlmCostOptions.DefaultBudgetRefreshInterval);
        bool disabled = Blocked();
        CliResult again = CliRun.Run(["disable-budget", "1", "--db", database.Path]);
        JsonElement list = CliRun.Run(["budget", "list", "--db", database.Path, "--format", "json"]).Json;
        JsonElement status = CliRun.Run(["budget", "status", "--db", database.Path, "--format", "json"]).Json;
        CliResult enable = CliRun.Run(["budget", "enable", "1", "--db", database.Path]);
        clock.Advance(LlmCostOptions.DefaultBudgetRefreshInterval);
        bool enabled = Blocked();

        Assert.Equal((true, true, false, true), (atStart, disabledBeforeRefresh, disabled, enabled));
        Assert.True(disable.ExitCode == 0, disable.Error);
        Assert.Contains("Budget 1 is disabled. An application recording to this database stops enforcing it within its budget refresh interval", disable.Out);
        Assert.Equal((0, "Budget 1 was already disabled."), (again.ExitCode, again.Out.Trim()));
        Assert.Contains("Budget 1 is enabled.", enable.Out);
        SchemaCheck.Report(list.GetRawText());
        SchemaCheck.Report(status.GetRawText());
        Assert.False(list.GetProperty("budgets")[0].GetProperty("enabled").GetBoolean());
        Assert.Equal("disabled", status.GetProperty("budgets")[0].GetProperty("health").GetString());
        Assert.Equal(1, database.Scalar("SELECT enabled FROM budgets WHERE id = 1"));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("disable")]
    [InlineData("enable")]
    public async Task A_budget_declared_in_code_cannot_be_removed_or_switched_from_the_shell(string verb)
    {
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 0.5m));
        database.Execute("INSERT INTO budgets (scope, period, limit_nanousd, source, declared_key) VALUES ('global', 'day', 1000000000, '[LlmBudget] on App', 'global||day|[LlmBudget] on App')");

        CliResult result = CliRun.Run(["budget", verb, "1", "--db", database.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("declared in code or options ([LlmBudget] on App)", result.Error);
        Assert.Equal((1, 1), (database.Scalar("SELECT count(*) FROM budgets"), database.Scalar("SELECT enabled FROM budgets")));
        Assert.Equal(2, CliRun.Run(["budget", verb, "7", "--db", database.Path]).ExitCode);
    }

    [Fact]
    public async Task Status_projects_the_period_from_its_average_per_day_and_gates_on_the_limit()
    {
        // 2026-11-18 12:00 UTC: 17.5 days of November elapsed, $35 spent → $2/day, $60 projected, the $40 limit hit on the 20th.
        DateTimeOffset now = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
        using TestDatabase database = await TestDatabase.CreateAsync(
            CostDatabase.Call("2026-11-02T10:00:00Z", 20m, project: "alpha"),
            CostDatabase.Call("2026-11-17T10:00:00Z", 15m, project: "alpha"),
            CostDatabase.Call("2026-10-31T23:59:59Z", 100m, project: "alpha"));
        Assert.Equal(0, CliRun.Run(["budget", "set", "--monthly", "40", "--project", "alpha", "--db", database.Path]).ExitCode);
        Assert.Equal(0, CliRun.Run(["budget", "set", "--daily", "10", "--db", database.Path]).ExitCode);

        CliResult result = CliRun.Run(["budget-status", "--db", database.Path, "--format", "json", "--fail-on", "limit"], now: now);

        Assert.Equal(0, result.ExitCode);
        SchemaCheck.Report(result.Out);
        JsonElement monthly = result.Json.GetProperty("budgets")[0];
        Assert.Equal(database.CostNano("2026-11-01", "2026-12-01", "project = 'alpha'"), monthly.GetProperty("spentNanoUsd").GetInt64());
        Assert.Equal("5", monthly.GetProperty("leftUsd").GetString());
        Assert.Equal("12.5", monthly.GetProperty("daysLeft").GetString());
        Assert.Equal(2m, decimal.Parse(monthly.GetProperty("perDayUsd").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(60m, decimal.Parse(monthly.GetProperty("projectedUsd").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(monthly.GetProperty("limitReached").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal("warning", monthly.GetProperty("health").GetString());
        Assert.Equal(10, CliRun.Run(["budget", "status", "--db", database.Path, "--fail-on", "warning"], now: now).ExitCode);

        CliResult over = CliRun.Run(["budget", "status", "--db", database.Path, "--fail-on", "warning"], now: new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(11, over.ExitCode);
        Assert.Contains("reached its limit", over.Error);
    }
}
