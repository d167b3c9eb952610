using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>Whatever a pricing file holds, the generator never throws (no CS8785) and what it emits compiles.</summary>
public sealed class HostileInputTests
{
    private static readonly Dictionary<string, string> NoStaleCheck = new() { ["llmcost.stale_pricing_days"] = "0" };

    private static GeneratorRun Run(string json) => GeneratorHarness.RunText(json, "hostile.json", NoStaleCheck).AssertHealthy();

    private const string Valid = """{ "providers": { "p": { "m": { "input": 1, "output": 2 } } } }""";

    public static TheoryData<string, string> HostileTexts()
    {
        string deepArrays = new string('[', 10_000) + new string(']', 10_000);
        string deepObjects = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        string deepInModel = "{ \"providers\": { \"p\": { \"m\": { \"input\": " + new string('[', 10_000) + new string(']', 10_000) + " } } } }";
        string digits400 = "1" + string.Concat(Enumerable.Repeat("2345678901", 40)).Substring(0, 399);
        return new TheoryData<string, string>
        {
            { "truncated", Valid.Substring(0, Valid.Length / 2) },
            { "truncated-after-colon", "{ \"providers\": { \"p\": { \"m\": { \"input\":" },
            { "truncated-escape", "{ \"providers\": { \"p\\" },
            { "truncated-unicode-escape", "{ \"providers\": { \"p\\u00" },
            { "nesting-10000-arrays", deepArrays },
            { "nesting-10000-objects", deepObjects },
            { "nesting-10000-unclosed", new string('[', 10_000) },
            { "nesting-10000-in-a-model", deepInModel },
            { "number-400-digits-price", "{ \"providers\": { \"p\": { \"m\": { \"input\": " + digits400 + ", \"output\": 1 } } } }" },
            { "number-400-digits-fraction", "{ \"providers\": { \"p\": { \"m\": { \"input\": 0." + digits400 + ", \"output\": 1 } } } }" },
            { "number-400-digits-limit", "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"context_window\": " + digits400 + " } } } }" },
            { "number-400-digits-range", "{ \"providers\": { \"p\": { \"m\": { \"tiers\": [ { \"range\": [0, " + digits400 + "], \"input\": 1 } ] } } } }" },
            { "number-400-digits-root", digits400 },
            { "exponent-1e999", "{ \"m\": { \"input_cost_per_token\": 1e999, \"output_cost_per_token\": 1e-06, \"litellm_provider\": \"x\" } }" },
            { "exponent-huge", "{ \"m\": { \"input_cost_per_token\": 1e99999999999999999999, \"litellm_provider\": \"x\" } }" },
            { "exponent-negative-huge", "{ \"m\": { \"input_cost_per_token\": 1e-2147483649, \"litellm_provider\": \"x\" } }" },
            { "limit-1e999", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"max_tokens\": 1e999, \"litellm_provider\": \"x\" } }" },
            { "bad-numbers", "{ \"m\": { \"input_cost_per_token\": 01 } }" },
            { "minus-only", "{ \"m\": { \"input_cost_per_token\": - } }" },
            { "duplicate-keys", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"input_cost_per_token\": 2e-06 }, \"m\": { \"output_cost_per_token\": 1e-06 } }" },
            { "bom", "\uFEFF" + Valid },
            { "bom-only", "\uFEFF" },
            { "two-boms", "\uFEFF\uFEFF" + Valid },
            { "line-comment", "// c\n" + Valid },
            { "block-comment", Valid.Replace("\"input\"", "/* c */ \"input\"", StringComparison.Ordinal) },
            { "trailing-comma", Valid.Replace("2 }", "2, }", StringComparison.Ordinal) },
            { "empty", string.Empty },
            { "whitespace", " \t\r\n\n  " },
            { "nul", "\0" },
            { "nul-inside", "{ \"providers\": {\0} }" },
            { "lone-surrogate-in-text", "{ \"providers\": { \"p\": { \"\uD800\": { \"input\": 1 } } } }" },
            { "lone-surrogate-escape-in-id", "{ \"providers\": { \"p\": { \"m\\uD800\": { \"input\": 1 }, \"ok\": { \"input\": 1 } } } }" },
            { "lone-low-surrogate-escape-in-provider", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"x\\uDC00\" } }" },
            { "invalid-escape", "{ \"providers\": { \"p\\q\": { } } }" },
            { "bad-unicode-escape", "{ \"providers\": { \"p\\uZZZZ\": { } } }" },
            { "raw-newline-in-string", "{ \"providers\": { \"p\n\": { } } }" },
            { "id-with-tab", "{ \"providers\": { \"p\": { \"a\\tb\": { \"input\": 1 } } } }" },
            { "id-with-newline", "{ \"providers\": { \"p\": { \"a\\nb\": { \"input\": 1 } } } }" },
            { "id-with-cr", "{ \"a\\rb\": { \"input_cost_per_token\": 1e-06 } }" },
            { "id-with-nul", "{ \"a\\u0000b\": { \"input_cost_per_token\": 1e-06 } }" },
            { "id-quote-backslash-nonascii", "{ \"providers\": { \"p\": { \"q\\\"\\\\é模型😀\": { \"input\": 1 } } } }" },
            { "id-triple-quotes", "{ \"m\\\"\\\"\\\"\\\"\\\"\": { \"input_cost_per_token\": 1e-06 } }" },
            { "provider-with-newline", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"a\\nb\\tc\" } }" },
            { "true-false-null", "[true, false, null, tru]" },
            { "nan-infinity", "{ \"m\": { \"input_cost_per_token\": NaN, \"output_cost_per_token\": -Infinity, \"max_tokens\": Infinity } }" },
            { "unicode-whitespace", "\u00A0{ }" },
            { "tiered-garbage", "{ \"m\": { \"tiered_pricing\": [ 1, { \"range\": \"x\" }, { } ] } }" },
            { "tiered-empty", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"tiered_pricing\": [ ] } }" },
            { "tiered-ranges-garbage", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"tiered_pricing\": [ { \"range\": [null, {}], \"input_cost_per_token\": 1e-06 } ] } }" },
            { "service-tier-not-object", "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"batch\": 5, \"flex\": [ ], \"priority\": \"x\" } } } }" },
            { "long-context-garbage", "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"long_context\": [ 1, { \"above\": -1 }, { \"above\": 1e999 } ] } } } }" },
            { "above-k-overflow", "{ \"m\": { \"input_cost_per_token\": 1e-06, \"input_cost_per_token_above_9999999k_tokens\": 2e-06 } }" },
            { "aliases-garbage", "{ \"providers\": { \"p\": { \"m\": { \"input\": 1, \"aliases\": [ null, [], \"\", \"m\", \"a\\tb\" ] } } } }" },
            { "huge-per-1k", "{ \"p\": { \"m\": { \"input_cost_per_1k\": 79228162514264337593543950335 } } }" },
            { "many-keys", "{ " + string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"\"m{i}\": {{ \"input_cost_per_token\": {i}e-09 }}")) + " }" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void HostileText_NeverThrows_AndWhatIsEmittedCompiles(string name, string text)
    {
        GeneratorRun run = Run(text);
        Assert.True(run.Result.Exception is null, name + ": " + run.Result.Exception);
        Assert.All(run.Diagnostics, d => Assert.StartsWith("LLMC", d.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Nesting10000Deep_IsLLMC001_NamingTheLimit()
    {
        Reported d = Expect.Only(Run(new string('[', 10_000) + new string(']', 10_000)), "LLMC001");
        Expect.At(d, 0, 64, 0, 65);
        Expect.MessageContains(d, "nesting deeper than 64 levels");
    }

    [Fact]
    public void Number400Digits_IsLLMC003()
    {
        string digits = string.Concat(Enumerable.Repeat("1234567890", 40));
        string json = "{ \"providers\": { \"p\": { \"m\": { \"input\": " + digits + ", \"output\": 1 } } } }";
        Reported d = Expect.Only(Run(json), "LLMC003");
        Expect.At(d, json, digits);
        Expect.MessageContains(d, "significant digits");
    }

    [Fact]
    public void Exponent1e999_IsLLMC003()
    {
        const string Json = "{ \"m\": { \"input_cost_per_token\": 1e999, \"output_cost_per_token\": 1e-06, \"litellm_provider\": \"x\" } }";
        Expect.At(Expect.Only(Run(Json), "LLMC003"), Json, "1e999");
    }

    [Fact]
    public void Utf8Bom_AsBytes_IsAccepted_AndLocationsAreUnaffected()
    {
        byte[] bom = { 0xEF, 0xBB, 0xBF };
        GeneratorRun ok = GeneratorHarness.Run(new[] { PricingInput.FromBytes("/p/bom.json", bom.Concat(Encoding.UTF8.GetBytes(Valid)).ToArray()) }, NoStaleCheck)
            .AssertHealthy().AssertNoDiagnostics();
        Assert.True(MergeTests.TableOf(ok).TryGetPrice("m", out _));

        const string Bad = "{\n  \"providers\": { \"p\": { \"m\": { \"input\": -1, \"output\": 1 } } }\n}";
        GeneratorRun run = GeneratorHarness.Run(new[] { PricingInput.FromBytes("/p/bom.json", bom.Concat(Encoding.UTF8.GetBytes(Bad)).ToArray()) }, NoStaleCheck).AssertHealthy();
        Expect.At(Expect.Only(run, "LLMC003"), Bad, "-1");
    }

    [Fact]
    public void Utf8Bom_AsText_IsSkipped()
    {
        GeneratorRun run = Run("\uFEFF" + Valid).AssertNoDiagnostics();
        Assert.True(MergeTests.TableOf(run).TryGetPrice("m", out _));
    }

    [Fact]
    public void TruncatedAtEveryLength_NeverThrows()
    {
        string json = Repo.Fixture("own.json") + Repo.Fixture("litellm-subset.json").Substring(0, 3000);
        for (int length = 0; length <= json.Length; length++)
        {
            PricingFile file = Stages.Parse(json.Substring(0, length));
            Assert.True(length == json.Length || file.Diagnostics.Count > 0 || file.Entries.Count > 0, "length " + length);
        }
    }

    [Fact]
    public void LiteLlmSubset_TruncatedAtEveryLength_NeverThrows_AndReportsLLMC001()
    {
        string json = Repo.Fixture("litellm-subset.json").TrimEnd();
        for (int length = 1; length < json.Length; length += 7)
        {
            PricingFile file = Stages.Parse(json.Substring(0, length));
            if (json.Substring(0, length).Trim().Length > 0)
            {
                Assert.Contains(file.Diagnostics, d => d.Id == "LLMC001");
            }
        }
    }

    [Fact]
    public void RandomBinaryGarbage_NeverThrows()
    {
        Random random = new(20260724);
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            PricingFile file = PricingParse(bytes);
            Assert.True(file.Diagnostics.Count > 0, "garbage " + i + " produced no diagnostic");
        }

        // And through the whole driver, a few times.
        for (int i = 0; i < 3; i++)
        {
            byte[] bytes = new byte[4096];
            random.NextBytes(bytes);
            GeneratorRun run = GeneratorHarness.Run(new[] { PricingInput.FromBytes("/p/garbage.json", bytes) }, NoStaleCheck).AssertHealthy();
            Assert.NotEmpty(run.Diagnostics);
        }
    }

    [Fact]
    public void RandomJsonLikeGarbage_NeverThrows()
    {
        // Tokens the parser cares about, so random text reaches deep parser states.
        string[] tokens =
        {
            "{", "}", "[", "]", ",", ":", "\"", "\"providers\"", "\"p\"", "\"m\"", "\"input\"", "\"tiers\"", "\"range\"", "\"aliases\"",
            "\"long_context\"", "\"above\"", "\"input_cost_per_token\"", "\"tiered_pricing\"", "\"litellm_provider\"", "\"input_cost_per_1k\"",
            "1", "-1", "0", "2.5", "1e-06", "1e999", "256000.0", "true", "null", "NaN", "-Infinity", "\\", "\\u", "\\n", "/", "*", " ", "\n", "\t",
        };
        Random random = new(7);
        for (int i = 0; i < 3000; i++)
        {
            StringBuilder text = new();
            int count = random.Next(1, 60);
            for (int t = 0; t < count; t++)
            {
                text.Append(tokens[random.Next(tokens.Length)]);
            }

            PricingFile file = Stages.Parse(text.ToString());
            PriceCatalog catalog = Stages.Merge(file);
            if (!catalog.IsEmpty)
            {
                // Whatever was accepted must be readable by the runtime.
                PriceTable table = Stages.Table(catalog);
                foreach (ModelPrice price in table.Prices)
                {
                    Assert.NotNull(price.Definition);
                }
            }
        }
    }

    [Fact]
    public void ModelIdsWithTabOrNewline_AreLLMC008_AndSkipped()
    {
        const string Json = "{ \"providers\": { \"p\": { \"a\\tb\": { \"input\": 1 }, \"c\\nd\": { \"input\": 1 }, \"ok\": { \"input\": 1 } } } }";
        GeneratorRun run = Run(Json);
        Assert.Equal(2, run.WithId("LLMC008").Count());
        Assert.Equal(2, run.Diagnostics.Count);
        PriceTable table = MergeTests.TableOf(run);
        Assert.Equal(1, table.ModelCount);
    }

    [Fact]
    public void ModelIdsWithQuotesBackslashesAndLettersOfOtherScripts_RoundTripExactly_ThroughTheCompiledTable()
    {
        string[] ids =
        {
            "hostile-rt/quote\"d",
            "hostile-rt/back\\slash",
            "hostile-rt/\"\"\"\"\"five-quotes",
            "hostile-rt/模型-ü-é-ß",
            "hostile-rt/नमस्ते-𠀀", // combining marks, and a letter outside the BMP (a surrogate pair)
            "hostile-rt/{braces}[and]~punctuation`",
            "hostile-rt/ends-with-quote\"",
        };
        string json = "{ \"providers\": { \"p\": { "
            + string.Join(", ", ids.Select((id, i) => JsonString(id) + ": { \"input\": " + (i + 1) + ", \"output\": 1, \"aliases\": [" + JsonString(id + "#alias") + "] }"))
            + " } } }";
        GeneratorRun run = Run(json).AssertNoDiagnostics();

        // As the runtime reads the generated literal …
        PriceTable table = MergeTests.TableOf(run);
        Assert.Equal(ids.Length, table.ModelCount);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(table.TryGetPrice(ids[i], out ModelPrice? price), ids[i]);
            Assert.Equal(ids[i], price.Model);
            Assert.Equal((i + 1) / 1_000_000m, price.BaseRates.Input);
            Assert.True(table.TryGetPrice(ids[i] + "#alias", out ModelPrice? alias), ids[i] + "#alias");
            Assert.Same(price, alias);
        }

        // … and as the compiled assembly registers it.
        CompiledTable.LoadAndInitialize(run);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(LlmPricing.TryGetPrice(ids[i], out ModelPrice? price), ids[i]);
            Assert.Equal(ids[i], price.Model);
            Assert.Equal((i + 1) / 1_000_000m, price.BaseRates.Input);
        }
    }

    [Fact]
    public void ModelIdWithLoneSurrogate_IsRejectedOrRoundTrips_AndTheTableCompiles()
    {
        const string Json = "{ \"providers\": { \"p\": { \"lone\\uD800x\": { \"input\": 1 }, \"ok\": { \"input\": 1 } } } }";
        GeneratorRun run = GeneratorHarness.RunText(Json, "hostile.json", NoStaleCheck);
        Assert.Null(run.Result.Exception);
        Assert.True(run.CompilationDiagnostics.Count == 0, "A model id with a lone surrogate (\\uD800) breaks the generated code:\n" + string.Join("\n", run.CompilationDiagnostics));
    }

    [Theory]
    [InlineData("{ \"real\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"x\\ninjected\\t\\t\\t\\t\\t\\t\\tin=0\" } }")]
    [InlineData("{ \"real\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"open\\tai\" } }")]
    [InlineData("{ \"real\": { \"input_cost_per_token\": 1e-06, \"mode\": \"chat\\ninjected\\t\\t\\t\\t\\t\\tin=0\" } }")]
    [InlineData("{ \"providers\": { \"p\": { \"real\": { \"input\": 1, \"successor\": \"x\\ninjected\\t\\t\\t\\t\\t\\t\\tin=0\" } } } }")]
    [InlineData("{ \"providers\": { \"p\": { \"real\": { \"input\": 1, \"mode\": \"a\\tb\" } } } }")]
    [InlineData("{ \"providers\": { \"p\\ninjected\\t\\t\\t\\t\\t\\t\\tin=0\": { \"real\": { \"input\": 1 } } } }")]
    [InlineData("{ \"p\\tq\": { \"real\": { \"input_cost_per_1k\": 0.001 } } }")]
    public void ControlCharactersInProviderModeOrSuccessor_NeverCorruptTheTable(string json)
    {
        GeneratorRun run = Run(json);
        PriceTable table = MergeTests.TableOf(run);
        Assert.False(table.TryGetPrice("injected", out _), "A control character in a text field injected a model line into the table");
        Assert.Equal(1, table.ModelCount);
        ModelPrice? price = null;
        Exception? error = Record.Exception(() => table.TryGetPrice("real", out price));
        Assert.True(error is null, "Reading the model back from the table failed: " + error?.Message);
        Assert.NotNull(price);
        Assert.Equal(0.000001m, price.BaseRates.Input);
    }

    /// <summary>A JSON string literal that escapes only what JSON requires, so non-ASCII text stays raw in the file.</summary>
    private static string JsonString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static PricingFile PricingParse(byte[] bytes) =>
        CostInstrumentation.Generators.Pricing.Parse.PricingFileParser.Parse(
            "/p/garbage.json",
            Microsoft.CodeAnalysis.Text.SourceText.From(bytes, bytes.Length, Encoding.UTF8),
            isDefault: false,
            CancellationToken.None);
}
