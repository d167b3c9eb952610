namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>Calls made as a generated shim makes them (through <see cref="LlmCallMeter"/>), of models priced only for these tests.</summary>
internal static class Calls
{
    public const string Model = "hosting-test-model";

    /// <summary>The compiled price of <see cref="Model"/>: 1 USD per 1M input tokens, 2 per 1M output tokens.</summary>
    public static readonly ModelPrice CompiledPrice = new(new ModelPriceDefinition
    {
        Model = Model,
        Provider = "hosting-test",
        Rates = new RateCard { Input = 0.000001m, Output = 0.000002m },
    });

    /// <summary>A call of the metered method <c>Shop.Bot.Ask</c>, whose attribute fixes <paramref name="model"/>.</summary>
    public static void Shim(string model = Model, long inputTokens = 1_000, long outputTokens = 500)
    {
        MeteredCallSite site = new("Shop.Bot.Ask", "Bot.cs:12", model, "hosting-test", null, null, null, model == Model ? CompiledPrice : null);
        LlmAdmission admission = LlmCallMeter.Admit(site, model, null);
        LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(inputTokens, outputTokens), model, model, null, admission);
    }
}
