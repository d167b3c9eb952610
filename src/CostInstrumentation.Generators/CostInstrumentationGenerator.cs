using CostInstrumentation.Generators.Budgets;
using CostInstrumentation.Generators.BudgetFiles;
using CostInstrumentation.Generators.Metering;
using CostInstrumentation.Generators.Pricing;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators;

/// <summary>
/// The package's one generator: pricing files become a frozen price table, and every call of a
/// <c>[MeteredLlmCall]</c> method becomes a metered call through an interceptor that prices with it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CostInstrumentationGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Generated tables and budget declarations call into the runtime: without a reference to it they are not emitted.
        IncrementalValueProvider<bool> hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("CostInstrumentation.LlmDeclaredBudgets") is not null)
            .WithTrackingName(TrackingNames.RuntimeReference);
        var catalog = PricingPipeline.Register(context, hasRuntime);
        MeteringPipeline.Register(context, catalog);
        BudgetPipeline.Register(context);
        BudgetFilePipeline.Register(context, catalog, hasRuntime);
    }
}

/// <summary>Names of the pipeline steps the incrementality tests watch.</summary>
public static class TrackingNames
{
    public const string PricingFiles = nameof(PricingFiles);
    public const string Catalog = nameof(Catalog);
    public const string StaleDays = nameof(StaleDays);
    public const string RuntimeReference = nameof(RuntimeReference);
    public const string MeteredSourceNames = nameof(MeteredSourceNames);
    public const string MeteredReferenceNames = nameof(MeteredReferenceNames);
    public const string MeteredMethodNames = nameof(MeteredMethodNames);
    public const string InvocationNames = nameof(InvocationNames);
    public const string ProjectDirectory = nameof(ProjectDirectory);
    public const string CallSites = nameof(CallSites);
    public const string SiteModels = nameof(SiteModels);
    public const string ConstantPrices = nameof(ConstantPrices);
    public const string Budgets = nameof(Budgets);
    public const string BudgetFiles = nameof(BudgetFiles);
}
