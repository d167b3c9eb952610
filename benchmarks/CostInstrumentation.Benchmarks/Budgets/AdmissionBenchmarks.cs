using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace CostInstrumentation.Benchmarks.Budgets;

/// <summary>
/// What budgets add to a metered call: admission and settlement of one call with no budgets (one volatile read),
/// with budgets that do not match the call, and with two matching budgets (one of them hard).
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private static readonly MeteredCallSite s_site = new(
        "Bench.Client.Ask", "AdmissionBenchmarks.cs:0", "bench-gpt-4o", null, null, null, null,
        LlmPricing.TryGetPrice("bench-gpt-4o", out ModelPrice? price) ? price : throw new InvalidOperationException("bench-gpt-4o is not priced"));

    [Params("none", "unmatched", "matching")]
    public string Budgets { get; set; } = "none";

    [GlobalSetup]
    public void Setup() => LlmCostTracker.Configure(options =>
    {
        options.AddSink(new NullSink());
        if (Budgets == "unmatched")
        {
            options.AddBudget(new LlmBudget(BudgetScope.Project, "elsewhere", BudgetPeriod.Day, 1_000_000_000m) { HardLimit = true });
        }
        else if (Budgets == "matching")
        {
            options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Month, 1_000_000_000m))
                .AddBudget(new LlmBudget(BudgetScope.Model, "bench-gpt-4o", BudgetPeriod.Day, 1_000_000_000m) { HardLimit = true });
        }
    });

    [GlobalCleanup]
    public void Cleanup() => LlmCostTracker.Configure(_ => { });

    [Benchmark]
    public void AdmitAndRecord()
    {
        LlmAdmission admission = LlmCallMeter.Admit(s_site, null, null);
        LlmCallMeter.Completed(s_site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, admission);
    }

    private sealed class NullSink : ILlmCostSink
    {
        public void Write(in LlmCallRecord record)
        {
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
