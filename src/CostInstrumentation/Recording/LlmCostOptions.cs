using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>What <see cref="LlmCostTracker.Configure"/> (or <see cref="LlmCostPipeline.Create(LlmCostOptions)"/>) sets up.</summary>
public sealed class LlmCostOptions
{
    internal List<ILlmCostSink> Sinks { get; } = [];

    internal List<LlmBudget> Budgets { get; } = [];

    /// <summary>The sinks the options made (<see cref="UseSqlite"/>): the pipeline built from them disposes them.</summary>
    internal List<IAsyncDisposable> OwnedSinks { get; } = [];

    internal ILogger? Logger { get; private set; }

    /// <summary>The database <see cref="UseSqlite"/> names: budgets are also read from and mirrored to it.</summary>
    internal string? SqlitePath { get; private set; }

    internal (Uri Url, BudgetWebhookOptions Options)? BudgetWebhook { get; private set; }

    /// <summary>Alert channels of other packages (e-mail), each made by the pipeline with its error reporter.</summary>
    internal List<Func<LlmCostErrorReporter, IBudgetAlertChannel>> AlertChannels { get; } = [];

    internal IMeterFactory? MeterFactory { get; private set; }

    internal PriceTable? PriceOverride { get; private set; }

    /// <summary>The budget counters shared by every host, when a shared ledger is configured (CostInstrumentation.PostgreSql).</summary>
    internal ISharedBudgetLedger? SharedBudgets { get; set; }

    /// <summary>The clock budget periods (UTC days, weeks, months, years) follow. Default: the system clock.</summary>
    public TimeProvider Clock
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    } = TimeProvider.System;

    /// <summary>
    /// What a call reserves against its budgets while it runs when its cost cannot be estimated — its model is unpriced
    /// or its price names no maximum output. Default 0.01 USD.
    /// </summary>
    public decimal DefaultReservationUsd
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A reservation cannot be negative.");
    } = 0.01m;

    /// <summary>
    /// How often a running application reads again the budget rows people enter in its SQLite database
    /// (<c>llmcost budget set|remove|enable|disable</c>): a new, changed, removed, disabled or re-enabled row is enforced
    /// (or no longer) within this time. Default 5 seconds; <see cref="Timeout.InfiniteTimeSpan"/> reads them only at
    /// start-up.
    /// </summary>
    public TimeSpan BudgetRefreshInterval
    {
        get;
        set => field = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The budget refresh interval must be positive (or Timeout.InfiniteTimeSpan).");
    } = DefaultBudgetRefreshInterval;

    /// <summary>The default <see cref="BudgetRefreshInterval"/>: 5 seconds.</summary>
    public static TimeSpan DefaultBudgetRefreshInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The project recorded for calls that name none (by attribute or <see cref="LlmCostContext"/>).</summary>
    public string? DefaultProject { get; set; }

    /// <summary>Records every call to the SQLite database at <paramref name="path"/> (created when missing).</summary>
    public LlmCostOptions UseSqlite(string path, Action<SqliteSinkOptions>? configure = null)
    {
        SqliteSinkOptions options = new();
        configure?.Invoke(options);
        SqlitePath = path;
        SqliteCostSink sink = new(path, options);
        OwnedSinks.Add(sink);
        return AddSink(sink);
    }

    /// <summary>Enforces <paramref name="budget"/> alongside the budgets compiled in from attributes and budget files.</summary>
    public LlmCostOptions AddBudget(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budgets.Add(budget);
        return this;
    }

    /// <summary>
    /// Posts every budget alert as JSON to <paramref name="url"/> from a background task, retried with exponential
    /// backoff; calls never wait for it (docs/budgets.md describes the payload).
    /// </summary>
    public LlmCostOptions UseBudgetWebhook(Uri url, Action<BudgetWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        BudgetWebhookOptions options = new();
        configure?.Invoke(options);
        BudgetWebhook = (url, options);
        return this;
    }

    /// <summary>Delivers every budget alert through the channel <paramref name="create"/> makes when the pipeline is built.</summary>
    internal LlmCostOptions AddAlertChannel(Func<LlmCostErrorReporter, IBudgetAlertChannel> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        AlertChannels.Add(create);
        return this;
    }

    /// <summary>Writes metering problems and budget alerts to <paramref name="logger"/> as well as raising the tracker's events.</summary>
    public LlmCostOptions UseLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
        return this;
    }

    /// <summary>
    /// Creates the <see cref="LlmCostMetrics.MeterName"/> meter through <paramref name="meterFactory"/> (dependency
    /// injection's), instead of the process-wide meter.
    /// </summary>
    public LlmCostOptions UseMeterFactory(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        MeterFactory = meterFactory;
        return this;
    }

    /// <summary>
    /// Prices the models <paramref name="table"/> lists with its prices instead of the compiled ones, for as long as the
    /// pipeline built from these options lives (<see cref="LlmPricing.Override"/>); their calls record its version.
    /// The hosting package's <c>UsePricingFile</c> reads one from a pricing file with the build's parser.
    /// </summary>
    public LlmCostOptions UsePricingOverride(PriceTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        PriceOverride = table;
        return this;
    }

    /// <summary>Adds a sink; every record goes to every sink.</summary>
    public LlmCostOptions AddSink(ILlmCostSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Sinks.Add(sink);
        return this;
    }
}
