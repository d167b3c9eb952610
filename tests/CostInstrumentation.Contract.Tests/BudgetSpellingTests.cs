extern alias generator;

using System.Reflection;
using generator::CostInstrumentation.Generators.BudgetFiles;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Contract.Tests;

/// <summary>Every spelling of a budget scope or period maps both ways, and every half spells them the same.</summary>
public sealed class BudgetSpellingTests
{
    [Fact]
    public void TheContractKinds_AreTheRuntimeEnums_MemberForMember()
    {
        Assert.Equal(Members<BudgetScope>(), Members<BudgetScopeKind>());
        Assert.Equal(Members<BudgetPeriod>(), Members<BudgetPeriodKind>());
        Assert.Equal(Members<ServiceTier>(), Members<TableService>());
        Assert.Equal(Enum.GetValues<BudgetScopeKind>(), BudgetSpellings.AllScopes);
        Assert.Equal(Enum.GetValues<BudgetPeriodKind>(), BudgetSpellings.AllPeriods);
    }

    [Fact]
    public void EveryPeriodSpelling_ReadsBackAsItsPeriod_AndNoTwoPeriodsShareOne()
    {
        foreach (BudgetPeriodKind period in BudgetSpellings.AllPeriods)
        {
            Assert.True(BudgetSpellings.TryParseStored(BudgetSpellings.Stored(period), out BudgetPeriodKind stored) && stored == period);
            Assert.True(BudgetSpellings.TryParseStored(BudgetSpellings.Member(period), out BudgetPeriodKind member) && member == period);
            Assert.True(BudgetSpellings.TryParseStored(BudgetSpellings.Stored(period).ToUpperInvariant(), out BudgetPeriodKind upper) && upper == period);
            Assert.True(BudgetSpellings.TryParseFile(BudgetSpellings.InFile(period), out BudgetPeriodKind file) && file == period);
            Assert.True(BudgetSpellings.TryParseAttributeProperty(BudgetSpellings.AttributeProperty(period), out BudgetPeriodKind property) && property == period);
            Assert.Equal((BudgetPeriod)period, Enum.Parse<BudgetPeriod>(BudgetSpellings.Member(period)));
        }

        foreach (Func<BudgetPeriodKind, string> spelling in new Func<BudgetPeriodKind, string>[] { BudgetSpellings.Stored, BudgetSpellings.InFile, BudgetSpellings.AttributeProperty, BudgetSpellings.Member })
        {
            Assert.Equal(5, BudgetSpellings.AllPeriods.Select(spelling).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void EveryScopeSpelling_ReadsBackAsItsScope()
    {
        foreach (BudgetScopeKind scope in BudgetSpellings.AllScopes)
        {
            Assert.True(BudgetSpellings.TryParseStored(BudgetSpellings.Stored(scope), out BudgetScopeKind stored) && stored == scope);
            Assert.True(BudgetSpellings.TryParseStored(BudgetSpellings.Member(scope), out BudgetScopeKind member) && member == scope);
            Assert.True(BudgetSpellings.TryParseFile(BudgetSpellings.Stored(scope), out BudgetScopeKind file) && file == scope);
            Assert.Equal((BudgetScope)scope, Enum.Parse<BudgetScope>(BudgetSpellings.Member(scope)));
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("daily")]
    [InlineData("weekly")]
    public void UnknownStoredPeriods_AreRejected(string text) => Assert.False(BudgetSpellings.TryParseStored(text, out BudgetPeriodKind _));

    [Fact]
    public void TheBudgetFileReader_TakesOnlyTheFileSpellings()
    {
        Assert.False(BudgetSpellings.TryParseFile("per_call", out BudgetPeriodKind _)); // a file says "call"
        Assert.False(BudgetSpellings.TryParseFile("Model", out BudgetScopeKind _));     // and "model"
    }

    [Fact]
    public void TheRuntime_StoresAndReadsEveryScopeAndPeriodAsTheContractSpellsThem()
    {
        foreach (BudgetScope scope in Enum.GetValues<BudgetScope>())
        {
            Assert.Equal(BudgetSpellings.Stored((BudgetScopeKind)scope), BudgetNames.Of(scope));
            Assert.True(BudgetNames.TryParse(BudgetNames.Of(scope), out BudgetScope read) && read == scope);
        }

        foreach (BudgetPeriod period in Enum.GetValues<BudgetPeriod>())
        {
            Assert.Equal(BudgetSpellings.Stored((BudgetPeriodKind)period), BudgetNames.Of(period));
            Assert.True(BudgetNames.TryParse(BudgetNames.Of(period), out BudgetPeriod read) && read == period);
        }
    }

    [Fact]
    public void EveryAttributeProperty_IsAnAmountOfLlmBudgetAttribute()
    {
        string[] amounts = [.. typeof(LlmBudgetAttribute).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(double)).Select(p => p.Name).Order()];

        Assert.Equal(amounts, BudgetSpellings.AllPeriods.Select(BudgetSpellings.AttributeProperty).Order());
    }

    [Fact]
    public void TheGenerator_ReadsEveryFileSpelling_AndEmitsTheRuntimeMember()
    {
        string json = "{ \"budgets\": ["
            + string.Join(", ", BudgetSpellings.AllScopes.SelectMany(scope => BudgetSpellings.AllPeriods.Select(period =>
                $"{{ \"scope\": \"{BudgetSpellings.Stored(scope)}\", {(scope == BudgetScopeKind.Global ? string.Empty : "\"value\": \"v\", ")}\"period\": \"{BudgetSpellings.InFile(period)}\", \"limitUsd\": 1 }}")))
            + "] }";

        BudgetFile file = BudgetFileParser.Parse("/p/budgets.json", SourceText.From(json), CancellationToken.None);
        string emitted = BudgetFileEmitter.Emit([file]);

        Assert.Empty(file.Diagnostics);
        Assert.Equal(
            BudgetSpellings.AllScopes.SelectMany(scope => BudgetSpellings.AllPeriods.Select(period => (scope.ToString(), period.ToString()))),
            file.Entries.Select(e => (e.Scope.ToString(), e.Period.ToString())));
        foreach (BudgetScopeKind scope in BudgetSpellings.AllScopes)
        {
            Assert.Contains("global::CostInstrumentation.BudgetScope." + BudgetSpellings.Member(scope) + ",", emitted, StringComparison.Ordinal);
        }

        foreach (BudgetPeriodKind period in BudgetSpellings.AllPeriods)
        {
            Assert.Contains("global::CostInstrumentation.BudgetPeriod." + BudgetSpellings.Member(period) + ",", emitted, StringComparison.Ordinal);
        }
    }

    private static (string Name, int Value)[] Members<T>()
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => (v.ToString(), Convert.ToInt32(v, CultureInfo.InvariantCulture)))];
}
