using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>LLMC001–LLMC008: each reported at the exact place in the JSON, with a message that says what is wrong.</summary>
public sealed class DiagnosticTests
{
    private static readonly Dictionary<string, string> NoStaleCheck = new() { ["llmcost.stale_pricing_days"] = "0" };

    private static GeneratorRun Run(string json, string name = "pricing.json") =>
        GeneratorHarness.RunText(json, name, NoStaleCheck).AssertHealthy();

    // ---------------------------------------------------------------- LLMC001: not JSON

    [Fact]
    public void LLMC001_TruncatedDocument_AtTheEndOfFile()
    {
        const string Json = "{\n  \"providers\": {\n    \"openai\": {\n      \"gpt-4o\": { \"input\": 2.5";
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith("pricing.json", d.Path, StringComparison.Ordinal);
        Expect.At(d, 3, 30, 3, 30);
        Expect.MessageContains(d, "not valid JSON", "end of file");
    }

    [Fact]
    public void LLMC001_TruncatedInsideAString_SaysTheDocumentIsTruncated()
    {
        const string Json = "{\n  \"providers\": {\n    \"open";
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 2, 9, 2, 9);
        Expect.MessageContains(d, "unterminated string", "truncated");
    }

    [Fact]
    public void LLMC001_TrailingCommaInObject_AtTheClosingBrace()
    {
        const string Json = """
            {
              "providers": {
                "openai": {
                  "gpt-4o": { "input": 2.5, "output": 10, }
                }
              }
            }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 3, 46, 3, 47);
        Expect.At(d, Json, "}");
        Expect.MessageContains(d, "trailing comma");
    }

    [Fact]
    public void LLMC001_TrailingCommaInArray_AtTheClosingBracket()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "aliases": ["a", "b",] } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, Json, "]");
        Expect.MessageContains(d, "trailing comma", "']'");
    }

    [Fact]
    public void LLMC001_LineComment_AtTheComment()
    {
        const string Json = """
            {
              // prices from the provider page
              "providers": { }
            }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 1, 2, 1, 3);
        Expect.MessageContains(d, "comment");
    }

    [Fact]
    public void LLMC001_BlockCommentBeforeTheDocument_AtTheComment()
    {
        Reported d = Expect.Only(Run("/* header */ { \"providers\": { } }"), "LLMC001");
        Expect.At(d, 0, 0, 0, 1);
        Expect.MessageContains(d, "comment", "not allowed");
    }

    [Fact]
    public void LLMC001_Garbage_AtTheFirstBadCharacter()
    {
        const string Json = "{\n  \"providers\": @@@\n}";
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 1, 15, 1, 16);
        Expect.MessageContains(d, "'@'", "expected a JSON value");
    }

    [Fact]
    public void LLMC001_TextAfterTheDocument()
    {
        const string Json = "{ \"providers\": { } }\n{ }";
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 1, 0, 1, 1);
        Expect.MessageContains(d, "after the end of the document");
    }

    [Fact]
    public void LLMC001_SingleQuotedName()
    {
        const string Json = "{ 'providers': { } }";
        Reported d = Expect.Only(Run(Json), "LLMC001");
        Expect.At(d, 0, 2, 0, 3);
        Expect.MessageContains(d, "expected a property name in double quotes");
    }

    [Fact]
    public void LLMC001_InOneFile_DoesNotStopTheOtherFilesTable()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new[]
            {
                new PricingInput("/p/broken.json", "{ \"providers\": "),
                new PricingInput("/p/good.json", """{ "providers": { "p": { "good-model": { "input": 1, "output": 2 } } } }"""),
            },
            NoStaleCheck).AssertHealthy();
        Reported d = Expect.Only(run, "LLMC001");
        Assert.EndsWith("broken.json", d.Path, StringComparison.Ordinal);
        Assert.True(MergeTests.TableOf(run).TryGetPrice("good-model", out _));
    }

    [Fact]
    public void LLMC001_OnlyFileBroken_NoTableIsGenerated()
    {
        GeneratorRun run = Run("{ \"providers\": ");
        Expect.Only(run, "LLMC001");
        Assert.Null(run.PriceTableSource);
    }

    // ---------------------------------------------------------------- LLMC002: priced twice

    [Fact]
    public void LLMC002_OwnFormat_DuplicateModel_AtTheSecondKey()
    {
        const string Json = """
            {
              "providers": {
                "openai": {
                  "gpt-4o": { "input": 2.5, "output": 10 },
                  "gpt-4o": { "input": 5, "output": 20 }
                }
              }
            }
            """;
        GeneratorRun run = Run(Json);
        Reported d = Expect.Only(run, "LLMC002");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Expect.At(d, Json, "\"gpt-4o\"", occurrence: 2);
        Expect.MessageContains(d, "'gpt-4o'", "priced twice");
        Assert.Equal(0.0000025m, Stages.Definition(MergeTests.TableOf(run), "gpt-4o").Rates.Input); // the first one stays
    }

    [Fact]
    public void LLMC002_OwnFormat_SameModelUnderTwoProviders_AtTheSecondKey()
    {
        const string Json = """
            { "providers": {
                "openai": { "m": { "input": 1, "output": 1 } },
                "azure": { "m": { "input": 2, "output": 2 } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC002");
        Expect.At(d, Json, "\"m\"", occurrence: 2);
    }

    [Fact]
    public void LLMC002_OwnFormat_AliasEqualToAModelOfTheSameFile_AtTheAlias()
    {
        const string Json = """
            { "providers": { "p": {
                "a": { "input": 1, "output": 1, "aliases": ["b"] },
                "b": { "input": 2, "output": 2 } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC002");
        Expect.At(d, Json, "\"b\"", occurrence: 2);
        Expect.MessageContains(d, "'b'", "twice");
    }

    [Fact]
    public void LLMC002_OwnFormat_DuplicateField_AtTheSecondField()
    {
        const string Json = """{ "providers": { "p": { "m": { "input": 1, "output": 2, "input": 3 } } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC002");
        Expect.At(d, Json, "\"input\"", occurrence: 2);
        Expect.MessageContains(d, "'input'", "twice");
    }

    [Fact]
    public void LLMC002_LiteLlm_DuplicateModel_AtTheSecondKey()
    {
        const string Json = """
            {
              "gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai", "mode": "chat" },
              "gpt-4o": { "input_cost_per_token": 5e-06, "output_cost_per_token": 2e-05, "litellm_provider": "openai", "mode": "chat" }
            }
            """;
        GeneratorRun run = Run(Json);
        Reported d = Expect.Only(run, "LLMC002");
        Expect.At(d, 2, 2, 2, 10);
        Expect.At(d, Json, "\"gpt-4o\"", occurrence: 2);
        Expect.MessageContains(d, "'gpt-4o'", "priced twice");
    }

    [Fact]
    public void LLMC002_LiteLlm_DuplicateField_AtTheSecondField()
    {
        const string Json = """{ "m": { "input_cost_per_token": 1e-06, "input_cost_per_token": 2e-06, "litellm_provider": "x" } }""";
        Reported d = Expect.Only(Run(Json), "LLMC002");
        Expect.At(d, Json, "\"input_cost_per_token\"", occurrence: 2);
    }

    [Fact]
    public void LLMC002_PerThousand_DuplicateModel_AtTheSecondKey()
    {
        const string Json = """
            { "openai": {
                "m": { "input_cost_per_1k": 0.001, "output_cost_per_1k": 0.002 },
                "m": { "input_cost_per_1k": 0.003, "output_cost_per_1k": 0.004 } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC002");
        Expect.At(d, Json, "\"m\"", occurrence: 2);
    }

    // ---------------------------------------------------------------- LLMC003: invalid price

    [Theory]
    [InlineData("-1", "negative")]
    [InlineData("-0.5", "negative")]
    [InlineData("\"2.5\"", "a string, not a number")]
    [InlineData("true", "a boolean, not a number")]
    [InlineData("null", "null, not a number")]
    [InlineData("{ }", "an object, not a number")]
    [InlineData("NaN", "not a finite number")]
    [InlineData("Infinity", "not a finite number")]
    [InlineData("-Infinity", "not a finite number")]
    [InlineData("2000000", "more than 1 USD per token")]
    [InlineData("1e999", "too large")]
    [InlineData("1e-999", "too small")]
    [InlineData("1.23456789012345678901234567890", "significant digits")]
    [InlineData("1234567890123456789012345678901234567890", "significant digits")]
    public void LLMC003_OwnFormat_InvalidPrice_AtTheValue(string value, string problem)
    {
        string json = "{\n  \"providers\": {\n    \"p\": {\n      \"m\": { \"output\": 1, \"input\": " + value + " }\n    }\n  }\n}";
        GeneratorRun run = Run(json);
        Reported d = Expect.Only(run, "LLMC003");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Expect.At(d, json, value);
        Assert.Equal(3, d.StartLine);
        Expect.MessageContains(d, "'input'", "'m'", problem);

        // The bad rate is left out; the model is still priced by its good ones.
        ModelPriceDefinition definition = Stages.Definition(MergeTests.TableOf(run), "m");
        Assert.Null(definition.Rates.Input);
        Assert.Equal(0.000001m, definition.Rates.Output);
    }

    [Theory]
    [InlineData("-2.5e-06", "negative")]
    [InlineData("\"2.5e-06\"", "a string")]
    [InlineData("NaN", "not a finite number")]
    [InlineData("5", "more than 1 USD per token")]
    [InlineData("1e999", "too large")]
    [InlineData("2.50000000000000000000000000001e-06", "significant digits")]
    public void LLMC003_LiteLlm_InvalidPrice_AtTheValue(string value, string problem)
    {
        string json = "{\n  \"m\": {\n    \"litellm_provider\": \"x\",\n    \"output_cost_per_token\": 1e-06,\n    \"input_cost_per_token\": " + value + "\n  }\n}";
        Reported d = Expect.Only(Run(json), "LLMC003");
        Expect.At(d, json, value);
        Assert.Equal(4, d.StartLine);
        Assert.Equal(28, d.StartColumn);
        Expect.MessageContains(d, "'input_cost_per_token'", problem);
    }

    [Fact]
    public void LLMC003_PerThousand_NegativePrice_AtTheValue()
    {
        const string Json = """{ "p": { "m": { "input_cost_per_1k": 0.001, "output_cost_per_1k": -0.002 } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC003");
        Expect.At(d, Json, "-0.002");
        Expect.MessageContains(d, "'output_cost_per_1k'", "negative");
    }

    [Fact]
    public void LLMC003_PriceInATierOrServiceTier_AtTheValue()
    {
        const string Json = """
            { "providers": { "p": { "m": {
                "input": 1, "output": 2,
                "batch": { "input": -3 },
                "long_context": [ { "above": 200000, "input": "x" } ] } } } }
            """;
        GeneratorRun run = Run(Json);
        List<Reported> prices = run.WithId("LLMC003").OrderBy(d => d.StartLine).ToList();
        Assert.Equal(2, prices.Count);
        Expect.At(prices[0], Json, "-3");
        Expect.At(prices[1], Json, "\"x\"");
    }

    [Fact]
    public void LLMC003_ExactPerMillionPrice_IsNotRoundedWhenConvertedPerToken()
    {
        // 28 significant digits read exactly, but per token it needs 34 decimal places: a decimal cannot
        // hold that, so it must be refused (LLMC003), not rounded (docs/pricing-formats.md: a number that
        // cannot be held exactly is LLMC003).
        const string Json = """{ "providers": { "p": { "m": { "input": 0.1234567890123456789012345678, "output": 1 } } } }""";
        GeneratorRun run = Run(Json);
        if (!run.WithId("LLMC003").Any())
        {
            decimal input = Stages.Definition(MergeTests.TableOf(run), "m").Rates.Input!.Value;
            Assert.Fail($"A per-1M price of 0.1234567890123456789012345678 was silently rounded to {input.ToString(CultureInfo.InvariantCulture)} per token (exact: 0.0000001234567890123456789012345678)");
        }

        Expect.At(Expect.Single(run, "LLMC003"), Json, "0.1234567890123456789012345678");
    }

    // ---------------------------------------------------------------- LLMC004: unknown field

    [Fact]
    public void LLMC004_LiteLlm_Typo_SuggestsTheNearestField_AtTheFieldName()
    {
        const string Json = """
            {
              "gpt-4o": {
                "input_cost_per_tokn": 2.5e-06,
                "output_cost_per_token": 1e-05,
                "litellm_provider": "openai"
              }
            }
            """;
        GeneratorRun run = Run(Json);
        Reported d = Expect.Only(run, "LLMC004");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Expect.At(d, 2, 4, 2, 25);
        Expect.At(d, Json, "\"input_cost_per_tokn\"");
        Expect.MessageContains(d, "'input_cost_per_tokn'", "'gpt-4o'", "did you mean 'input_cost_per_token'");
    }

    [Theory]
    [InlineData("outptu", "output")]
    [InlineData("cache_raed", "cache_read")]
    [InlineData("context_windw", "context_window")]
    [InlineData("aliasses", "aliases")]
    public void LLMC004_OwnFormat_Typo_SuggestsTheNearestField(string typo, string suggestion)
    {
        string json = "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"" + typo + "\": 2 } } } }";
        Reported d = Expect.Only(Run(json), "LLMC004");
        Expect.At(d, json, "\"" + typo + "\"");
        Expect.MessageContains(d, "'" + typo + "'", "did you mean '" + suggestion + "'");
    }

    [Fact]
    public void LLMC004_OwnFormat_UnknownTopLevelField()
    {
        const string Json = """{ "as_off": "2026-07-24", "providers": { "p": { "m": { "input": 1 } } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC004");
        Expect.At(d, Json, "\"as_off\"");
        Expect.MessageContains(d, "did you mean 'as_of'");
    }

    [Fact]
    public void LLMC004_OwnFormat_UnknownFieldInServiceTierAndLongContext()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 1,
                "priority": { "inptu": 2 },
                "long_context": [ { "above": 1000, "ouput": 3 } ] } } } }
            """;
        List<Reported> unknown = Run(Json).WithId("LLMC004").OrderBy(d => d.StartLine).ToList();
        Assert.Equal(2, unknown.Count);
        Expect.At(unknown[0], Json, "\"inptu\"");
        Expect.MessageContains(unknown[0], "did you mean 'input'");
        Expect.At(unknown[1], Json, "\"ouput\"");
        Expect.MessageContains(unknown[1], "did you mean 'output'");
    }

    [Fact]
    public void LLMC004_PerThousand_Typo()
    {
        const string Json = """{ "p": { "m": { "input_cost_per_1k": 0.001, "output_cost_per_1kk": 0.002 } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC004");
        Expect.At(d, Json, "\"output_cost_per_1kk\"");
        Expect.MessageContains(d, "did you mean 'output_cost_per_1k'");
    }

    [Fact]
    public void LLMC004_UnknownFieldFarFromAnyKnownName_HasNoSuggestion()
    {
        const string Json = """{ "m": { "input_cost_per_token": 1e-06, "litellm_provider": "x", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz": 1 } }""";
        Reported d = Expect.Only(Run(Json), "LLMC004");
        Expect.MessageContains(d, "Unknown field 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'");
        Assert.DoesNotContain("did you mean", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LLMC004_LiteLlm_DocumentedFieldsAreKnown()
    {
        const string Json = """
            { "m": { "input_cost_per_token": 1e-06, "litellm_provider": "x", "mode": "chat",
              "supports_vision": true, "supports_function_calling": true, "max_tokens": 10, "source": "https://x",
              "input_cost_per_image": 0.01, "search_context_cost_per_query": { "search_context_size_low": 0.01 },
              "cache_creation_input_token_cost_above_1hr": 6e-06, "metadata": { "notes": "n" } } }
            """;
        Run(Json).AssertNoDiagnostics();
    }

    // ---------------------------------------------------------------- LLMC005: inconsistent tiers

    [Fact]
    public void LLMC005_OverlappingRanges_AtTheSecondRange()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 2, "tiers": [
                { "range": [0, 200000], "input": 1, "output": 2 },
                { "range": [100000, 1000000], "input": 3, "output": 4 } ] } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Expect.At(d, Json, "[100000, 1000000]");
        Expect.MessageContains(d, "Tier 2", "'m'", "overlaps", "sorted and contiguous");
    }

    [Fact]
    public void LLMC005_GapBetweenRanges_AtTheSecondRange()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 2, "tiers": [
                { "range": [0, 100000], "input": 1, "output": 2 },
                { "range": [200000, 1000000], "input": 3, "output": 4 } ] } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "[200000, 1000000]");
        Expect.MessageContains(d, "leaves a gap");
    }

    [Fact]
    public void LLMC005_UnsortedRanges_AtTheSecondRange()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 2, "tiers": [
                { "range": [200000, 1000000], "input": 3, "output": 4 },
                { "range": [0, 200000], "input": 1, "output": 2 } ] } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "[0, 200000]");
        Expect.MessageContains(d, "not sorted");
    }

    [Fact]
    public void LLMC005_TierWithoutRates_AtTheTier()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 2, "tiers": [
                { "range": [0, 200000], "input": 1, "output": 2 },
                { "range": [200000, 1000000] } ] } } } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "{ \"range\": [200000, 1000000] }");
        Expect.MessageContains(d, "Tier 2", "names no per-token rate");
    }

    [Fact]
    public void LLMC005_TierWithRatesButNoRange_AtTheTier()
    {
        const string Json = """{ "providers": { "p": { "m": { "input": 1, "output": 2, "tiers": [ { "input": 1, "output": 2 } ] } } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "{ \"input\": 1, \"output\": 2 }");
        Expect.MessageContains(d, "no 'range'");
    }

    [Theory]
    [InlineData("[200000, 100000]")]
    [InlineData("[0]")]
    [InlineData("[-5, 100]")]
    [InlineData("[0, 1.5]")]
    [InlineData("\"0-100\"")]
    public void LLMC005_BadRange_AtTheRange(string range)
    {
        string json = "{ \"providers\": { \"p\": { \"m\": { \"input\": 5, \"tiers\": [ { \"range\": " + range + ", \"input\": 1 } ] } } } }";
        Reported d = Expect.Only(Run(json), "LLMC005");
        Expect.At(d, json, range);
        Expect.MessageContains(d, "[start, end]");
    }

    [Fact]
    public void LLMC005_BothTierKinds_AtTheTierTable()
    {
        const string Json = """
            { "providers": { "p": { "m": {
                "input": 1, "output": 2,
                "long_context": [ { "above": 200000, "input": 2 } ],
                "tiers": [ { "range": [0, 200000], "input": 1 }, { "range": [200000, 400000], "input": 2 } ] },
                "ok": { "input": 1 } } } }
            """;
        GeneratorRun run = Run(Json);
        Reported d = Expect.Only(run, "LLMC005");
        Expect.At(d, Json, "\"tiers\"");
        Expect.MessageContains(d, "'m'", "both a tier table and long-context tiers");
        PriceTable table = MergeTests.TableOf(run);
        Assert.False(table.TryGetPrice("m", out _)); // the inconsistent model is left out
        Assert.True(table.TryGetPrice("ok", out _));
    }

    [Fact]
    public void LLMC005_LiteLlm_BothTierKinds_AtTieredPricing()
    {
        const string Json = """
            { "m": { "litellm_provider": "x", "input_cost_per_token": 1e-06, "input_cost_per_token_above_200k_tokens": 2e-06,
                     "tiered_pricing": [ { "range": [0, 200000], "input_cost_per_token": 1e-06 } ] },
              "ok": { "input_cost_per_token": 1e-06 } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "\"tiered_pricing\"");
    }

    [Fact]
    public void LLMC005_LiteLlm_OverlappingTieredPricing_AtTheRange()
    {
        const string Json = """
            { "m": { "litellm_provider": "x", "input_cost_per_token": 1e-06, "tiered_pricing": [
                { "range": [0, 32000.0], "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 },
                { "range": [16000.0, 128000.0], "input_cost_per_token": 3e-06, "output_cost_per_token": 4e-06 } ] } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "[16000.0, 128000.0]");
        Expect.MessageContains(d, "overlaps", "(16000, 128000]", "(0, 32000]");
    }

    [Fact]
    public void LLMC005_LongContext_ProblemsAreLocated()
    {
        const string Json = """
            { "providers": { "p": { "m": { "input": 1, "output": 2, "long_context": [
                { "input": 2 },
                { "above": 1000, "input": 2 },
                { "above": 1000, "input": 3 },
                { "above": 5000 } ] } } } }
            """;
        List<Reported> tiers = Run(Json).WithId("LLMC005").OrderBy(d => d.StartLine).ToList();
        Assert.Equal(3, tiers.Count);
        Expect.At(tiers[0], Json, "{ \"input\": 2 }");
        Expect.MessageContains(tiers[0], "needs \"above\"");
        Expect.At(tiers[1], Json, "1000", occurrence: 2);
        Expect.MessageContains(tiers[1], "two long-context tiers above 1000");
        Expect.At(tiers[2], Json, "{ \"above\": 5000 }");
        Expect.MessageContains(tiers[2], "names no rate");
    }

    [Fact]
    public void LLMC005_TiersNotAList_AtTheValue()
    {
        const string Json = """{ "providers": { "p": { "m": { "input": 1, "tiers": { "range": [0, 1] } } } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC005");
        Expect.At(d, Json, "{ \"range\": [0, 1] }");
        Expect.MessageContains(d, "non-empty list of tiers");
    }

    // ---------------------------------------------------------------- LLMC006: nothing priced

    [Fact]
    public void LLMC006_EmptyFile_AtTheStart()
    {
        GeneratorRun run = Run(string.Empty, "empty.json");
        Reported d = Expect.Only(run, "LLMC006");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Expect.At(d, 0, 0, 0, 0);
        Expect.MessageContains(d, "'empty.json'", "empty");
        Assert.Null(run.PriceTableSource);
    }

    [Fact]
    public void LLMC006_MissingFile_SaysItCouldNotBeRead()
    {
        // An AdditionalFiles item whose file does not exist: the compiler hands the generator no text.
        PricingFile file = PricingFileParser.Parse("/project/pricing/missing.json", text: null, isDefault: false, CancellationToken.None);

        DiagnosticInfo d = Assert.Single(file.Diagnostics);
        Assert.Equal("LLMC006", d.Id);
        Assert.Contains("'/project/pricing/missing.json' could not be read", d.Arguments[0]);
        Assert.Empty(file.Entries);
    }

    [Fact]
    public void LLMC006_WhitespaceOnlyFile_IsEmpty()
    {
        Reported d = Expect.Only(Run(" \n\t\r\n  ", "blank.json"), "LLMC006");
        Expect.At(d, 0, 0, 0, 0);
        Expect.MessageContains(d, "empty");
    }

    [Fact]
    public void LLMC006_NoPricedModel_AtTheDocument()
    {
        const string Json = "\n  { \"providers\": { \"p\": { } } }";
        Reported d = Expect.Only(Run(Json), "LLMC006");
        Expect.At(d, 1, 2, 1, 3);
        Expect.MessageContains(d, "prices no model per token", "CostInstrumentation");
    }

    [Fact]
    public void LLMC006_LiteLlmWithOnlyImageModels_PricesNothing()
    {
        const string Json = """
            { "dall-e-3": { "litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04 },
              "whisper-1": { "litellm_provider": "openai", "mode": "audio_transcription", "input_cost_per_second": 0.0001 } }
            """;
        Reported d = Expect.Only(Run(Json), "LLMC006");
        Expect.At(d, 0, 0, 0, 1);
        Expect.MessageContains(d, "LiteLLM", "prices no model");
    }

    [Theory]
    [InlineData("[ { \"model\": \"gpt-4o\" } ]")]
    [InlineData("{ \"models\": { \"gpt-4o\": { \"price\": 1 } } }")]
    [InlineData("42")]
    [InlineData("\"gpt-4o\"")]
    [InlineData("null")]
    public void LLMC006_UnrecognisedFormat_SaysWhatIsExpected(string json)
    {
        Reported d = Expect.Only(Run(json), "LLMC006");
        Expect.At(d, 0, 0, 0, 1);
        Expect.MessageContains(d, "no recognised pricing format", "providers", "LiteLLM", "input_cost_per_1k");
    }

    // ---------------------------------------------------------------- LLMC007: stale pricing

    private static string WithAsOf(string asOf) =>
        "{\n  \"as_of\": \"" + asOf + "\",\n  \"providers\": { \"p\": { \"m\": { \"input\": 1, \"output\": 2 } } }\n}";

    private static string DaysAgo(int days) => DateTime.UtcNow.Date.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void LLMC007_StaleAsOf_AtTheDate_WithAgeAndLimit()
    {
        string asOf = DaysAgo(400);
        string json = WithAsOf(asOf);
        GeneratorRun run = GeneratorHarness.RunText(json, "old.json", new Dictionary<string, string> { ["llmcost.stale_pricing_days"] = "30" }).AssertHealthy();
        Reported d = Expect.Only(run, "LLMC007");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Expect.At(d, 1, 11, 1, 23);
        Expect.At(d, json, "\"" + asOf + "\"");
        Expect.MessageContains(d, "'old.json'", asOf, "400 days ago", "more than 30");
        Assert.NotNull(run.PriceTableSource); // stale pricing still prices
    }

    [Fact]
    public void LLMC007_DefaultLimitIs180Days()
    {
        Reported d = Expect.Only(GeneratorHarness.RunText(WithAsOf(DaysAgo(181)), "old.json").AssertHealthy(), "LLMC007");
        Expect.MessageContains(d, "181 days ago", "more than 180");
        GeneratorHarness.RunText(WithAsOf(DaysAgo(180)), "fresh.json").AssertHealthy().AssertNoDiagnostics();
    }

    [Fact]
    public void LLMC007_MsBuildPropertyAlsoSetsTheLimit()
    {
        GeneratorRun run = GeneratorHarness.RunText(WithAsOf(DaysAgo(20)), "a.json", new Dictionary<string, string> { ["build_property.LlmPricingStaleDays"] = "10" }).AssertHealthy();
        Expect.MessageContains(Expect.Only(run, "LLMC007"), "20 days ago", "more than 10");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void LLMC007_NotReportedWhenTheCheckIsOff(string days)
    {
        GeneratorHarness.RunText(WithAsOf("2001-01-01"), "a.json", new Dictionary<string, string> { ["llmcost.stale_pricing_days"] = days })
            .AssertHealthy().AssertNoDiagnostics();
    }

    [Fact]
    public void LLMC007_NotReportedForARecentFile()
    {
        GeneratorHarness.RunText(WithAsOf(DaysAgo(5)), "a.json", new Dictionary<string, string> { ["llmcost.stale_pricing_days"] = "30" })
            .AssertHealthy().AssertNoDiagnostics();
    }

    [Fact]
    public void LLMC007_LiteLlmLastUpdated_IsTheAsOfDate()
    {
        string stamp = DaysAgo(100) + "T18:23:43.215560+00:00";
        string json = "{\n  \"m\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"x\" },\n  \"last_updated\": \"" + stamp + "\"\n}";
        GeneratorRun run = GeneratorHarness.RunText(json, "litellm.json", new Dictionary<string, string> { ["llmcost.stale_pricing_days"] = "30" }).AssertHealthy();
        Reported d = Expect.Only(run, "LLMC007");
        Expect.At(d, json, "\"" + stamp + "\"");
        Expect.MessageContains(d, "100 days ago");
    }

    // ---------------------------------------------------------------- LLMC008: invalid entry

    [Theory]
    [InlineData(" gpt-4o", "has a space (U+0020) at character 1")]
    [InlineData("gpt-4o ", "has a space (U+0020) at character 7")]
    [InlineData("", "is empty")]
    [InlineData("gpt\\t4o", "has a control character (U+0009) at character 4")]
    [InlineData("gpt\\n4o", "has a control character (U+000A) at character 4")]
    [InlineData("gpt\\u00854o", "has a control character (U+0085)")]
    [InlineData("gpt\\u20284o", "has a space (U+2028)")]
    [InlineData("gpt\\u00a04o", "has a space (U+00A0)")]
    [InlineData("gpt\\u200b4o", "has an invisible format character (U+200B)")]
    [InlineData("gpt-4o\\ufffd", "has the replacement character (U+FFFD) at character 7")]
    [InlineData("gpt-4o\\ud800", "has an unpaired surrogate (U+D800) at character 7")]
    [InlineData("gpt-4o\\udc00x", "has an unpaired surrogate (U+DC00)")]
    [InlineData("gpt-4o\\ue000", "has an unassigned or private-use character (U+E000)")]
    [InlineData("gpt-4o-\\ud83d\\ude00", "has a symbol or punctuation character no provider uses in ids (U+1F600) at character 8")]
    [InlineData("gpt\u00a74o", "has a symbol or punctuation character no provider uses in ids (U+00A7)")]
    public void LLMC008_InvalidModelId_AtTheKey(string id, string problem)
    {
        string json = "{ \"providers\": { \"p\": {\n  \"" + id + "\": { \"input\": 1, \"output\": 2 },\n  \"ok\": { \"input\": 1 } } } }";
        GeneratorRun run = Run(json);
        Reported d = Expect.Only(run, "LLMC008");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Expect.At(d, json, "\"" + id + "\"");
        Expect.MessageContains(d, "Model id", problem, "printable ASCII without spaces, or letters and digits of other scripts", "skipped");
        PriceTable table = MergeTests.TableOf(run);
        Assert.Equal(1, table.ModelCount);
        Assert.True(table.TryGetPrice("ok", out _));
    }

    [Fact]
    public void LLMC008_LiteLlm_InvalidModelId_AtTheKey()
    {
        const string Json = "{\n  \"bad\\tid\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"x\" },\n  \"ok\": { \"input_cost_per_token\": 1e-06 }\n}";
        Reported d = Expect.Only(Run(Json), "LLMC008");
        Expect.At(d, 1, 2, 1, 11);
    }

    [Fact]
    public void LLMC008_InvalidAlias_AtTheAlias()
    {
        const string Json = """{ "providers": { "p": { "m": { "input": 1, "aliases": ["ok-alias", " spaced", 42] } } } }""";
        GeneratorRun run = Run(Json);
        List<Reported> entries = run.WithId("LLMC008").OrderBy(d => d.StartColumn).ToList();
        Assert.Equal(2, entries.Count);
        Expect.At(entries[0], Json, "\" spaced\"");
        Expect.MessageContains(entries[0], "Alias");
        Expect.At(entries[1], Json, "42");
        Expect.MessageContains(entries[1], "should be a string");
        Assert.Equal("m", Stages.Definition(MergeTests.TableOf(run), "ok-alias").Model);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"lots\"")]
    [InlineData("true")]
    [InlineData("1e30")]
    public void LLMC008_BadTokenLimit_AtTheValue(string value)
    {
        string json = "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"context_window\": " + value + " } } } }";
        GeneratorRun run = Run(json);
        Reported d = Expect.Only(run, "LLMC008");
        Expect.At(d, json, value);
        Expect.MessageContains(d, "'context_window'", "whole number of tokens", "ignored");
        Assert.Null(Stages.Definition(MergeTests.TableOf(run), "m").MaxInputTokens);
    }

    [Theory]
    [InlineData("max_input_tokens", "\"many\"")]
    [InlineData("max_output_tokens", "-1")]
    [InlineData("max_tokens", "0.5")]
    public void LLMC008_LiteLlm_BadTokenLimit_AtTheValue(string field, string value)
    {
        string json = "{ \"m\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"x\", \"" + field + "\": " + value + " } }";
        Reported d = Expect.Only(Run(json), "LLMC008");
        Expect.At(d, json, value);
        Expect.MessageContains(d, "'" + field + "'", "whole number");
    }

    [Fact]
    public void LLMC008_NumericStringLimit_IsAccepted()
    {
        const string Json = """{ "m": { "input_cost_per_token": 1e-06, "litellm_provider": "x", "max_input_tokens": "128000", "max_tokens": 4096.0 } }""";
        GeneratorRun run = Run(Json).AssertNoDiagnostics();
        ModelPriceDefinition definition = Stages.Definition(MergeTests.TableOf(run), "m");
        Assert.Equal(128000L, definition.MaxInputTokens);
        Assert.Equal(4096L, definition.MaxOutputTokens);
    }

    [Theory]
    [InlineData("\"2026-13-01\"")]
    [InlineData("\"July 2026\"")]
    [InlineData("\"2026-7-1\"")]
    [InlineData("\"2026-02-30\"")]
    [InlineData("20260701")]
    public void LLMC008_BadDate_AtTheValue(string value)
    {
        string json = "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"deprecated\": " + value + " } } } }";
        GeneratorRun run = Run(json);
        Reported d = Expect.Only(run, "LLMC008");
        Expect.At(d, json, value);
        Expect.MessageContains(d, "'deprecated'", "'m'");
        Assert.Null(Stages.Definition(MergeTests.TableOf(run), "m").DeprecationDate);
    }

    [Fact]
    public void LLMC008_LiteLlm_BadDeprecationDate_AtTheValue()
    {
        const string Json = """{ "m": { "input_cost_per_token": 1e-06, "litellm_provider": "x", "deprecation_date": "soon" } }""";
        Reported d = Expect.Only(Run(Json), "LLMC008");
        Expect.At(d, Json, "\"soon\"");
        Expect.MessageContains(d, "YYYY-MM-DD", "'soon'");
    }

    [Fact]
    public void LLMC008_BadAsOf_AtTheValue()
    {
        const string Json = """{ "as_of": "last week", "providers": { "p": { "m": { "input": 1 } } } }""";
        Reported d = Expect.Only(Run(Json), "LLMC008");
        Expect.At(d, Json, "\"last week\"");
        Expect.MessageContains(d, "'as_of'", "YYYY-MM-DD");
    }

    [Fact]
    public void LLMC008_ProviderOrModelNotAnObject_AtTheKey()
    {
        const string Json = """{ "providers": { "p": 5, "q": { "m": [1, 2], "ok": { "input": 1 } } } }""";
        List<Reported> entries = Run(Json).WithId("LLMC008").OrderBy(d => d.StartColumn).ToList();
        Assert.Equal(2, entries.Count);
        Expect.At(entries[0], Json, "\"p\"");
        Expect.MessageContains(entries[0], "Provider 'p'", "a number");
        Expect.At(entries[1], Json, "\"m\"");
        Expect.MessageContains(entries[1], "Model 'm'", "an array");
    }

    [Fact]
    public void LLMC008_LiteLlm_EntryNotAnObject_AtTheKey()
    {
        const string Json = """{ "m": { "input_cost_per_token": 1e-06, "litellm_provider": "x" }, "weird": [1] }""";
        Reported d = Expect.Only(Run(Json), "LLMC008");
        Expect.At(d, Json, "\"weird\"");
    }

    [Fact]
    public void EveryDiagnostic_HasAHelpLink_AndIsInThePricingCategory()
    {
        GeneratorRun run = Run("{ \"providers\": { \"p\": { \"m\": { \"input\": -1, \"output\": 1 } } } }");
        Diagnostic diagnostic = run.Result.Diagnostics.Single();
        Assert.Equal("https://github.com/costinstrumentation/costinstrumentation/blob/main/docs/diagnostics/LLMC003.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal("CostInstrumentation.Pricing", diagnostic.Descriptor.Category);
        Assert.Equal("/project/pricing/pricing.json", diagnostic.Location.GetLineSpan().Path);
    }
}
