using CostInstrumentation.PostgreSql;

namespace CostInstrumentation.PostgreSql.Tests;

/// <summary>
/// The metered workload every test host runs (child processes and in-process pipelines alike): calls of one model under
/// one shared daily hard limit, each admitted by the pipeline (a reservation in the shared ledger) and recorded.
/// </summary>
public static class HostWorkload
{
    /// <summary>0.000001 / 0.000004 USD per input / output token, at most 1,000 output tokens: each call reserves 0.004 USD.</summary>
    public const string Model = "ledger-test-model";

    public const string Provider = "ledger-test";

    /// <summary>What every call reports: 500 input and 800 output tokens, 0.0037 USD — no more than its reservation.</summary>
    public static readonly LlmUsage Usage = new(500, 800);

    public const decimal CallCostUsd = 0.0037m;

    public const decimal ReservationUsd = 0.004m;

    public const string BudgetSource = "shared test budget";

    private static readonly Lazy<ModelPrice> s_price = new(() =>
    {
        LlmPricing.Register(new PriceTable("ledger-tests", $"{Model}\t{Provider}\tchat\t\t1000\t\t\tin=0.000001 out=0.000004"));
        return LlmPricing.TryGetPrice(Model, out ModelPrice? price) ? price : throw new InvalidOperationException("not registered");
    });

    public static MeteredCallSite Site { get; } = new("Ledger.Host.Ask", "HostWorkload.cs:1", Model, Provider, null, null, null, s_price.Value);

    /// <summary>The shared hard limit every host declares alike (same scope, period and source: the same counters).</summary>
    public static LlmBudget Budget(decimal limitUsd) => new(BudgetScope.Global, null, BudgetPeriod.Day, limitUsd) { HardLimit = true, Source = BudgetSource };

    /// <summary>A pipeline recording to <paramref name="outbox"/> and shipping to <paramref name="connectionString"/>, under the shared budget.</summary>
    public static LlmCostPipeline Pipeline(string outbox, string connectionString, decimal limitUsd, Action<PostgreSqlLedgerOptions>? configure = null, TimeProvider? clock = null)
    {
        _ = s_price.Value;
        return LlmCostPipeline.Create(o =>
        {
            o.Clock = clock ?? TimeProvider.System;
            o.UseSqlite(outbox).UsePostgreSql(connectionString, l =>
            {
                l.MaxBatchDelay = TimeSpan.FromMilliseconds(20);
                configure?.Invoke(l);
            }).AddBudget(Budget(limitUsd));
        });
    }

    /// <summary>Admits the shared budget's calls from leases of <paramref name="fraction"/> of its limit.</summary>
    public static void Leased(PostgreSqlLedgerOptions options, decimal fraction)
    {
        options.Lease = budget => budget.Source == BudgetSource;
        options.LeaseFraction = fraction;
    }

    /// <summary>One metered call: admitted (true) and recorded, or refused by the hard limit (false, recorded as blocked).</summary>
    public static bool Call(LlmCostPipeline pipeline)
    {
        LlmAdmission admission;
        try
        {
            admission = pipeline.Admit(Site, null, null);
        }
        catch (BudgetExceededException)
        {
            return false;
        }

        pipeline.Completed(Site, LlmCallMeter.Start(), Usage, null, Model, null, admission);
        return true;
    }
}
