using System.IO;
using CostInstrumentation.Tests.Recording;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Budgets with the SQLite database: mirrored and entered rows, spend and alerts that survive a restart.</summary>
public sealed class BudgetStoreTests : PipelineTest
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcost-budget-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<LlmBudgetAlertEventArgs> _alerts = [];

    // The logger sees every problem, including those met while the pipeline is built (reading the budgets).
    private readonly ListLogger _log = new();

    public BudgetStoreTests() => Directory.CreateDirectory(_folder);

    private string DatabasePath => Path.Combine(_folder, "costs.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ARestartedProcess_KeepsItsBudgetsSpend_AndRaisesNoAlertTwice()
    {
        LlmBudget budget = new(BudgetScope.Project, "shop", BudgetPeriod.Day, 1m) { Source = "restart test" };
        LlmCostPipeline Configure() => Configured(options => options.UseSqlite(DatabasePath).AddBudget(budget));

        LlmCostPipeline first = Configure();
        first.Record(Call(0.5m, project: "shop"));
        first.Record(Call(0.35m, project: "shop")); // 0.85: warning
        first.Record(Call(5m, project: "elsewhere"));
        await first.FlushAsync();
        await first.DisposeAsync();

        LlmCostPipeline pipeline = Configure(); // as a new process would
        LlmBudgetStatus restarted = Assert.Single(OwnStatus(pipeline));
        pipeline.Record(Call(0.01m, project: "shop"));
        pipeline.Record(Call(0.1m, project: "shop")); // 0.96: critical
        await pipeline.FlushAsync();

        Assert.Equal(0.85m, restarted.SpentUsd);
        Assert.Equal([0.8m, 0.95m], _alerts.Select(a => a.Threshold));
        using SqliteConnection db = Open();
        Assert.Equal(
            [("project", "shop", "day", 1_000_000_000L, "restart test")],
            // Budgets compiled in or declared by other tests are mirrored too: only this test's own row is compared.
            Rows(db, "SELECT scope, scope_value, period, limit_nanousd, source FROM budgets", r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)))
                .Where(row => !LlmDeclaredBudgets.All.Any(declared => declared.Source == row.Item5)));
        Assert.Equal(
            [("0.8", 850_000_000L), ("0.95", 960_000_000L)],
            Rows(db, "SELECT threshold, spent_nanousd FROM budget_alerts ORDER BY id", r => (r.GetString(0), r.GetInt64(1))));
        Assert.Equal(
            [DateTimeOffset.UtcNow.UtcDateTime.Date.ToString("yyyy-MM-dd'T'00:00:00.0000000'Z'", System.Globalization.CultureInfo.InvariantCulture)],
            Rows(db, "SELECT DISTINCT period_start FROM budget_alerts", r => r.GetString(0)));
    }

    [Fact]
    public async Task ARestartedProcess_CountsAModelBudgetsSpendUnderItsAliases()
    {
        LlmBudget budget = new(BudgetScope.Model, Model, BudgetPeriod.Day, 10m) { Source = "alias restart test" };
        LlmCostPipeline Configure() => Configured(options => options.UseSqlite(DatabasePath).AddBudget(budget));

        LlmCostPipeline first = Configure();
        first.Record(Call(0.5m, model: ModelSnapshot));
        first.Record(Call(0.25m, model: Model));
        first.Record(Call(4m, model: Cheap));
        await first.FlushAsync();
        await first.DisposeAsync();

        Assert.Equal(0.75m, Assert.Single(OwnStatus(Configure())).SpentUsd);
    }

    [Fact]
    public async Task ADatabaseInAFolderNotYetCreated_KeepsBudgetsAndAlerts_FromTheFirstRun()
    {
        // The sink creates missing folders when it first writes; the budget store opened the file before that and failed.
        string path = Path.Combine(_folder, "not", "yet", "costs.db");
        LlmCostPipeline pipeline = Configured(options => options.UseSqlite(path).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = "new folder" }));

        pipeline.Record(Call(2m));
        await pipeline.FlushAsync();

        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(path, StringComparison.Ordinal));
        using SqliteConnection db = new($"Data Source={path};Pooling=False");
        db.Open();
        Assert.Equal(["0.8", "0.95", "1"], Rows(db, "SELECT threshold FROM budget_alerts ORDER BY id", r => r.GetString(0)));
    }

    [Fact]
    public async Task ABlockedCall_IsStoredWithOutcomeBlocked()
    {
        LlmCostPipeline pipeline = Configured(options => options.UseSqlite(DatabasePath)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.PerCall, 0.001m) { HardLimit = true }));

        Assert.Throws<BudgetExceededException>(() => pipeline.Admit(new MeteredCallSite("Shop.Assistant.Ask", "Assistant.cs:10", Model, null, null, null, null, Price(Model)), null, null));
        await pipeline.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal([("blocked", 0L, "CostInstrumentation.BudgetExceededException")], Rows(db, "SELECT outcome, cost_nanousd, error_type FROM llm_calls", r => (r.GetString(0), r.GetInt64(1), r.GetString(2))));
    }

    [Fact]
    public void EnteredRows_AreEnforced_AndInvalidOnesReported()
    {
        using (SqliteConnection db = Open())
        {
            SqliteSchema.Prepare(db);
            Execute(db, $"""
                INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, fallback_model, warn_at) VALUES ('model', '{Model}', 'day', 2000000000, 1, '{Cheap}', '[0.5]');
                INSERT INTO budgets (scope, scope_value, period, limit_nanousd) VALUES ('galaxy', 'x', 'day', 1);
                """);
        }

        LlmCostPipeline pipeline = Configured(options => options.UseSqlite(DatabasePath));

        LlmBudget entered = Assert.Single(OwnStatus(pipeline)).Budget;
        Assert.Equal((BudgetScope.Model, Model, BudgetPeriod.Day, 2m, true, Cheap, "budgets table row 1"), (entered.Scope, entered.ScopeValue, entered.Period, entered.LimitUsd, entered.HardLimit, entered.Fallback, entered.Source));
        Assert.Equal([0.5m], entered.WarnAt);
        Assert.Contains(_log.Entries, e => e.EventId.Name == nameof(LlmCostErrorKind.InvalidBudget) && e.Message.Contains("row 2", StringComparison.Ordinal));
    }

    [Fact]
    public void ARunningPipeline_FollowsEnteredRows_AddedDisabledEnabledAndRemoved_AtItsNextRefresh()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        LlmCostPipeline pipeline = Configured(options =>
        {
            options.Clock = clock;
            options.BudgetRefreshInterval = TimeSpan.FromSeconds(5);
            options.UseSqlite(DatabasePath);
        });
        MeteredCallSite site = new("Shop.Assistant.Ask", "Assistant.cs:10", Model, null, null, null, null, Price(Model));
        bool Blocked()
        {
            try
            {
                pipeline.Admit(site, null, null);
                return false;
            }
            catch (BudgetExceededException)
            {
                return true;
            }
        }

        using SqliteConnection db = Open();
        // A hard per-call limit below the call's 0.004 USD reservation blocks every call of the model while it is enforced.
        Execute(db, $"INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit) VALUES ('model', '{Model}', 'per_call', 1000000, 1);");
        bool beforeRefresh = Blocked();
        clock.Advance(TimeSpan.FromSeconds(5));
        bool entered = Blocked();
        Execute(db, "UPDATE budgets SET enabled = 0;");
        clock.Advance(TimeSpan.FromSeconds(4));
        bool disabledBeforeRefresh = Blocked();
        clock.Advance(TimeSpan.FromSeconds(1));
        bool disabled = Blocked();
        Execute(db, "UPDATE budgets SET enabled = 1;");
        clock.Advance(TimeSpan.FromSeconds(5));
        bool reenabled = Blocked();
        Execute(db, "DELETE FROM budgets;");
        clock.Advance(TimeSpan.FromSeconds(5));
        bool removed = Blocked();

        Assert.Equal((false, true, true, false, true, false), (beforeRefresh, entered, disabledBeforeRefresh, disabled, reenabled, removed));
    }

    [Fact]
    public async Task ARefresh_KeepsAnUnchangedRowsReservations_AndReadsAChangedRowWithItsPeriodsSpend()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        using (SqliteConnection setup = Open())
        {
            SqliteSchema.Prepare(setup);
            Execute(setup, "INSERT INTO budgets (scope, scope_value, period, limit_nanousd) VALUES ('project', 'shop', 'day', 2000000000);");
        }

        LlmCostPipeline pipeline = Configured(options =>
        {
            options.Clock = clock;
            options.UseSqlite(DatabasePath);
        });
        pipeline.Record(Call(0.5m, project: "shop", at: clock.GetUtcNow()));
        await pipeline.FlushAsync();
        LlmAdmission inFlight = pipeline.Admit(new MeteredCallSite("Shop.Assistant.Ask", "Assistant.cs:10", Model, null, "shop", null, null, Price(Model)), null, null);

        clock.Advance(LlmCostOptions.DefaultBudgetRefreshInterval);
        LlmBudgetStatus unchanged = Assert.Single(OwnStatus(pipeline));
        using SqliteConnection db = Open();
        Execute(db, "UPDATE budgets SET limit_nanousd = 3000000000;");
        clock.Advance(LlmCostOptions.DefaultBudgetRefreshInterval);
        LlmBudgetStatus changed = Assert.Single(OwnStatus(pipeline));

        Assert.NotNull(inFlight.Reservation);
        Assert.Equal((2m, 0.5m, 0.004m), (unchanged.Budget.LimitUsd, unchanged.SpentUsd, unchanged.ReservedUsd));
        // The changed row is a new account: the spend recorded in its period, no reservation of the call admitted before.
        Assert.Equal((3m, 0.5m, 0m), (changed.Budget.LimitUsd, changed.SpentUsd, changed.ReservedUsd));
    }

    [Fact]
    public void AVersion1Database_MigratesForward_KeepingItsBudgetRows()
    {
        using (SqliteConnection db = Open())
        {
            Execute(db, SqliteSchema.Version1 + """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO schema_version VALUES (1);
                INSERT INTO budgets (scope, scope_value, period, limit_nanousd) VALUES ('global', NULL, 'month', 5000000000);
                """);
        }

        LlmCostPipeline pipeline = Configured(options => options.UseSqlite(DatabasePath));

        Assert.Equal((BudgetScope.Global, BudgetPeriod.Month, 5m), Assert.Single(OwnStatus(pipeline)).Budget is var b ? (b.Scope, b.Period, b.LimitUsd) : default);
        using SqliteConnection after = Open();
        Assert.Equal([(long)SqliteSchema.CurrentVersion], Rows(after, "SELECT MAX(version) FROM schema_version", r => r.GetInt64(0)));
        // Version 6: existing rows stay enforced. Only this test's row: budgets declared by other tests are mirrored into every database.
        Assert.Equal([1L], Rows(after, "SELECT enabled FROM budgets WHERE limit_nanousd = 5000000000", r => r.GetInt64(0)));
    }

    private SqliteConnection Open()
    {
        SqliteConnection db = new("Data Source=" + DatabasePath);
        db.Open();
        return db;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<T> Rows<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> read)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<T> rows = [];
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A pipeline logging to <see cref="_log"/>, whose alerts the test collects.</summary>
    private LlmCostPipeline Configured(Action<LlmCostOptions> configure)
    {
        LlmCostPipeline pipeline = Pipeline(options => configure(options.UseLogger(_log)));
        pipeline.BudgetAlert += (_, alert) => _alerts.Add(alert);
        return pipeline;
    }
}
