namespace CostInstrumentation.Tests.Budgets;

/// <summary>Prices registered once for the budget tests (model ids unique to them) and record helpers.</summary>
internal static class BudgetTestData
{
    /// <summary>0.000001 / 0.000004 USD per input / output token, at most 1,000 output tokens (a reservation of 0.004 USD).</summary>
    public const string Model = "budget-test-model";

    /// <summary>An alias of <see cref="Model"/> (a dated snapshot priced the same).</summary>
    public const string ModelSnapshot = "budget-test-model-2026-01-01";

    /// <summary>A tenth of <see cref="Model"/>'s rates.</summary>
    public const string Cheap = "budget-test-cheap";

    /// <summary>Input above 200,000 tokens is billed at twice the rates.</summary>
    public const string LongContext = "budget-test-long";

    public const string Provider = "budget-test";

    static BudgetTestData()
    {
        LlmPricing.Register(new PriceTable("budget-tests", string.Join("\n",
            $"{Model}\t{Provider}\tchat\t\t1000\t\t\tin=0.000001 out=0.000004\t{ModelSnapshot}",
            $"{Cheap}\t{Provider}\tchat\t\t1000\t\t\tin=0.0000001 out=0.0000004",
            $"{LongContext}\t{Provider}\tchat\t\t8000\t\t\tin=0.000001 out=0.000004 @200000.in=0.000002 @200000.out=0.000008")));
    }

    public static ModelPrice Price(string model)
    {
        Assert.True(LlmPricing.TryGetPrice(model, out ModelPrice? price));
        return price;
    }

    public static LlmCallRecord Call(decimal? costUsd, string model = Model, string operation = "Shop.Assistant.Ask", string? project = null, string? session = null, string[]? tags = null, DateTimeOffset? at = null) => new()
    {
        TimestampUtc = at ?? DateTimeOffset.UtcNow,
        Provider = Provider,
        Model = model,
        Operation = operation,
        CallSite = "Assistant.cs:10",
        Project = project,
        SessionId = session,
        Tags = tags ?? [],
        Usage = new LlmUsage(1, 1),
        CostUsd = costUsd,
    };
}
