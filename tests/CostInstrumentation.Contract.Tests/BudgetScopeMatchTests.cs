extern alias generator;

using generator::CostInstrumentation.Generators.Analyzers;
using generator::CostInstrumentation.Generators.BudgetFiles;
using generator::CostInstrumentation.Generators.Common;
using generator::CostInstrumentation.Generators.Pricing.Emit;
using generator::CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis.Text;
using GeneratorScope = generator::CostInstrumentation.Contract.BudgetScopeKind;
using GeneratorPeriod = generator::CostInstrumentation.Contract.BudgetPeriodKind;

namespace CostInstrumentation.Contract.Tests;

/// <summary>
/// The runtime enforces a budget on exactly the calls the analyzers (LLMC201, LLMC202) say it covers: both halves ask
/// <see cref="BudgetScopeMatch"/>. Sessions and tags are known only at run time, so the analyzers see no session or tag budget.
/// </summary>
public sealed class BudgetScopeMatchTests
{
    private const string Json = """
        { "providers": { "contract-acme": {
            "contract-model": { "input": 1, "output": 2, "aliases": ["contract-model-2026-01-01"] },
            "contract-other": { "input": 1, "output": 2 } } } }
        """;

    private static readonly (BudgetScope Scope, string? Value)[] Budgets =
    [
        (BudgetScope.Global, null),
        (BudgetScope.Provider, "contract-acme"), (BudgetScope.Provider, "CONTRACT-ACME"), (BudgetScope.Provider, "other"),
        (BudgetScope.Model, "contract-model"), (BudgetScope.Model, "contract-model-2026-01-01"), (BudgetScope.Model, "contract-other"), (BudgetScope.Model, "contract-unpriced"),
        (BudgetScope.Project, "shop"), (BudgetScope.Project, "Shop"),
        (BudgetScope.Operation, "Shop.Assistant.Ask"), (BudgetScope.Operation, "Shop.Assistant.*"), (BudgetScope.Operation, "Shop.*"),
        (BudgetScope.Operation, "Shop.Assist.*"), (BudgetScope.Operation, "Shop.Assistant.AskMore"), (BudgetScope.Operation, "Shop.Assistant"),
        (BudgetScope.Session, "s1"), (BudgetScope.Tag, "t1"),
    ];

    private static readonly (string Provider, string Model, string? Project, string Operation)[] Calls =
    [
        .. from provider in new[] { "contract-acme", string.Empty }
           from model in new[] { "contract-model", "contract-model-2026-01-01", "contract-other", "contract-unpriced" }
           from project in new[] { "shop", null }
           from operation in new[] { "Shop.Assistant.Ask", "Shop.Assistant.Nested.Ask", "Other.Ask" }
           select (provider, model, project, operation),
    ];

    [Fact]
    public void TheAnalyzers_SeeABudgetCoverACall_ExactlyWhenTheRuntimeEnforcesIt()
    {
        PriceCatalog catalog = Generator.Catalog(Json);
        LlmPricing.Register(new PriceTable("contract-tests", PriceTableEmitter.TableText(catalog)));
        PriceLookup prices = new(catalog.Entries);
        int covered = 0;

        foreach ((BudgetScope scope, string? value) in Budgets)
        {
            LlmBudget budget = new(scope, value, BudgetPeriod.Day, 1m);
            BudgetFileSet files = new([new BudgetFileEntry((GeneratorScope)scope, value ?? string.Empty, GeneratorPeriod.Day, 1m, false, string.Empty, default, default, EquatableArray<decimal>.Empty, false)]);
            foreach ((string provider, string model, string? project, string operation) in Calls)
            {
                bool enforced = new BudgetSubject(provider, model, project, "s1", ["t1"], operation).Matches(budget);
                bool seen = files.Covers(prices, model, provider, project ?? string.Empty, operation);

                bool runtimeOnly = scope is BudgetScope.Session or BudgetScope.Tag;
                Assert.True(runtimeOnly ? !seen : seen == enforced, $"{scope} '{value}' on {provider}/{model}/{project}/{operation}: runtime {enforced}, analyzer {seen}");
                covered += enforced ? 1 : 0;
            }
        }

        Assert.True(covered > Calls.Length * 3, "too few covered cases to mean anything: " + covered);
    }

    [Theory]
    [InlineData("contract-model", "contract-model-2026-01-01", true)]
    [InlineData("contract-model-2026-01-01", "contract-model", true)]
    [InlineData("contract-model", "contract-other", false)]
    [InlineData("contract-unpriced", "contract-unpriced", true)]
    public void AModelBudget_CountsTheCallsOfItsAliases(string budgetModel, string calledModel, bool covers)
    {
        PriceLookup prices = new(Generator.Catalog(Json).Entries);

        Assert.Equal(covers, BudgetScopeMatch.Covers(BudgetScopeKind.Model, budgetModel, "p", calledModel, null, null, null, null, prices.SameModel));
    }

    [Fact]
    public void WhatTheCompilerCannotKnow_CoversNothing()
    {
        Func<string, string, bool> none = (_, _) => false;

        Assert.False(BudgetScopeMatch.Covers(BudgetScopeKind.Session, "s1", "p", "m", "shop", sessionId: null, tags: null, "Shop.A.B", none));
        Assert.False(BudgetScopeMatch.Covers(BudgetScopeKind.Tag, "t1", "p", "m", "shop", null, tags: null, "Shop.A.B", none));
        Assert.False(BudgetScopeMatch.Covers(BudgetScopeKind.Project, "shop", "p", "m", project: null, null, null, "Shop.A.B", none));
        Assert.True(BudgetScopeMatch.Covers(BudgetScopeKind.Tag, "t1", "p", "m", null, null, ["t0", "t1"], null, none));
    }
}
