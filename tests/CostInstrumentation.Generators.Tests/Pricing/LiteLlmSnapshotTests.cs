using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CostInstrumentation.Generators.Pricing.Emit;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>The whole real LiteLLM catalogue (≈3,000 entries) through the generator, checked entry by entry against the JSON.</summary>
public sealed class LiteLlmSnapshotTests : IClassFixture<LiteLlmSnapshotTests.LiteLlmFile>
{
    private static readonly HashSet<string> PricedModes = new(StringComparer.Ordinal) { "chat", "responses", "completion", "embedding" };

    private static readonly Regex RateField = new(
        @"^(?<field>input_cost_per_token_cache_hit|input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)(?:_above_(?<k>[0-9]+)k_tokens)?(?:_(?<service>batches|flex|priority))?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private readonly LiteLlmFile _snapshot;

    public LiteLlmSnapshotTests(LiteLlmFile snapshot) => _snapshot = snapshot;

    /// <summary>Read and generated once for the class: the file, one generator run, and the runtime table from its literal.</summary>
    public sealed class LiteLlmFile
    {
        public LiteLlmFile()
        {
            Bytes = File.ReadAllBytes(Repo.LiteLlmSnapshot);
            Text = Encoding.UTF8.GetString(Bytes);
            Run = GeneratorHarness.Run(new[] { PricingInput.FromBytes("/pricing/model_prices_and_context_window.json", Bytes) }, globalOptions: null);
            Document = JsonDocument.Parse(Bytes);
            string data = CompiledTable.DataOf(Run.PriceTableSource ?? throw new InvalidOperationException("no table generated"));
            Table = new PriceTable(CompiledTable.VersionOf(Run.PriceTableSource), data);
            Catalog = Stages.Catalog(Text);
        }

        public byte[] Bytes { get; }

        public string Text { get; }

        internal GeneratorRun Run { get; }

        public JsonDocument Document { get; }

        public PriceTable Table { get; }

        internal PriceCatalog Catalog { get; }
    }

    [Fact]
    public void WholeSnapshot_HasNoWarningOrError_AndTheGeneratedCodeCompiles()
    {
        GeneratorRun run = _snapshot.Run;
        run.AssertHealthy();
        Assert.True(
            !run.Diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning),
            "The real LiteLLM file produced warnings or errors:\n" + string.Join("\n", run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(30)));
        Assert.All(run.Diagnostics, d => Assert.Equal("LLMC007", d.Id)); // at most the (info) stale check
        Assert.StartsWith("2026-07-24+", CompiledTable.VersionOf(run.PriceTableSource!), StringComparison.Ordinal);
    }

    [Fact]
    public void DecimalParse_OfTheRawJsonText_IsExact()
    {
        // The test's independent reading: decimal.Parse(raw text, Float). It must be exact, digit for digit.
        Assert.Equal(0.0000029999900000000002m, decimal.Parse("2.9999900000000002e-06", NumberStyles.Float, CultureInfo.InvariantCulture));
        Assert.Equal(0.0000025m, decimal.Parse("2.5e-06", NumberStyles.Float, CultureInfo.InvariantCulture));
        Assert.Equal(0.000000020345052083m, decimal.Parse("2.0345052083e-08", NumberStyles.Float, CultureInfo.InvariantCulture));

        // And for every number in the file: the decimal equals the text's exact rational value.
        int checkedNumbers = 0;
        foreach (JsonElement number in Numbers(_snapshot.Document.RootElement))
        {
            string raw = number.GetRawText();
            decimal value = decimal.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(ExactValue(raw) == ExactValue(value), $"decimal.Parse('{raw}') = {value} is not exact");
            checkedNumbers++;
        }

        Assert.True(checkedNumbers > 10_000, checkedNumbers.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryPricedChatResponsesCompletionOrEmbeddingEntry_RoundTripsExactly()
    {
        PriceTable table = _snapshot.Table;
        List<string> failures = new();
        int compared = 0;
        foreach (JsonProperty entry in _snapshot.Document.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("mode", out JsonElement mode) || mode.ValueKind != JsonValueKind.String || !PricedModes.Contains(mode.GetString()!)
                || !(entry.Value.TryGetProperty("input_cost_per_token", out _) || entry.Value.TryGetProperty("output_cost_per_token", out _)))
            {
                continue;
            }

            compared++;
            if (!table.TryGetPrice(entry.Name, out ModelPrice? price))
            {
                failures.Add($"{entry.Name}: not in the table");
                continue;
            }

            ModelPriceDefinition definition = price.Definition;
            Compare(failures, entry.Name, "model", entry.Name, definition.Model);
            Compare(failures, entry.Name, "mode", mode.GetString(), definition.Mode);
            Compare(failures, entry.Name, "provider", Text(entry.Value, "litellm_provider"), definition.Provider);
            Compare(failures, entry.Name, "max_input_tokens", Tokens(entry.Value, "max_input_tokens"), definition.MaxInputTokens);
            Compare(failures, entry.Name, "max_output_tokens", Tokens(entry.Value, "max_output_tokens") ?? Tokens(entry.Value, "max_tokens"), definition.MaxOutputTokens);
            Compare(failures, entry.Name, "deprecation_date", Text(entry.Value, "deprecation_date"), definition.DeprecationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

            SortedDictionary<string, decimal> expected = ExpectedRates(entry.Value);
            SortedDictionary<string, decimal> actual = ActualRates(definition);
            foreach (string key in expected.Keys.Union(actual.Keys).Distinct())
            {
                bool hasExpected = expected.TryGetValue(key, out decimal e);
                bool hasActual = actual.TryGetValue(key, out decimal a);
                if (hasExpected != hasActual || e != a)
                {
                    failures.Add($"{entry.Name}: rate {key}: JSON {(hasExpected ? e.ToString(CultureInfo.InvariantCulture) : "(none)")}, table {(hasActual ? a.ToString(CultureInfo.InvariantCulture) : "(none)")}");
                }
            }
        }

        Assert.True(compared > 2000, "compared only " + compared);
        Assert.True(failures.Count == 0, $"{failures.Count} differences, first ones:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public void EveryEntryWithAPerTokenPrice_IsInTheTable_AndNothingElse()
    {
        HashSet<string> expected = new(StringComparer.Ordinal);
        foreach (JsonProperty entry in _snapshot.Document.RootElement.EnumerateObject())
        {
            if (entry.Name != "sample_spec" && entry.Value.ValueKind == JsonValueKind.Object && ExpectedRates(entry.Value).Keys.Any(k => k is "in" or "out" || k.StartsWith('#')))
            {
                expected.Add(entry.Name);
            }
        }

        HashSet<string> actual = _snapshot.Table.Prices.Select(p => p.Model).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Count, _snapshot.Table.ModelCount);
        Assert.Empty(expected.Except(actual).Take(10));
        Assert.Empty(actual.Except(expected).Take(10));
    }

    [Fact]
    public void EveryModelOfTheTable_BuildsAModelPrice()
    {
        int count = 0;
        foreach (ModelPrice price in _snapshot.Table.Prices)
        {
            Assert.True(price.Cost(new LlmUsage(1000, 100, 100, 50, 10)) >= 0m, price.Model);
            count++;
        }

        Assert.Equal(_snapshot.Catalog.Entries.Count, count);
    }

    [Fact]
    public void Gpt4o_HasTheExpectedRates_AndPricesAHandComputedCall()
    {
        Assert.True(_snapshot.Table.TryGetPrice("gpt-4o", out ModelPrice? price));
        Assert.Equal(0.0000025m, price.BaseRates.Input);
        Assert.Equal(0.00001m, price.BaseRates.Output);
        Assert.Equal(0.00000125m, price.BaseRates.CacheRead);

        // 10,000 input of which 2,000 cached, 1,000 output:
        // 8,000 × 0.0000025 + 2,000 × 0.00000125 + 1,000 × 0.00001 = 0.02 + 0.0025 + 0.01 = 0.0325 USD.
        Assert.Equal(0.0325m, price.Cost(new LlmUsage(InputTokens: 10_000, OutputTokens: 1_000, CachedInputTokens: 2_000)));

        // The batch tier: 10,000 × 0.00000125 + 1,000 × 0.000005 = 0.0125 + 0.005 = 0.0175 USD.
        Assert.Equal(0.0175m, price.Cost(new LlmUsage(10_000, 1_000), "batch"));
    }

    [Fact]
    public void FloatNoise_IsKeptDigitForDigit()
    {
        ModelPriceDefinition definition = Stages.Definition(_snapshot.Table, "databricks/databricks-claude-sonnet-4");
        Assert.Equal(0.0000029999900000000002m, definition.Rates.Input);
        Assert.Equal("0.0000029999900000000002", definition.Rates.Input!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WholeSnapshot_GeneratesInAFewSeconds()
    {
        System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { PricingInput.FromBytes("/p/litellm.json", _snapshot.Bytes) }), GeneratorHarness.CreateCompilation());
        watch.Stop();
        Assert.NotNull(run.PriceTableSource);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "Generating and compiling the LiteLLM table took " + watch.Elapsed);
    }

    // ---------------------------------------------------------------- the expected rates, read independently

    /// <summary>
    /// The rates the JSON states, keyed like the table format (docs/pricing-table-format.md): <c>in</c>,
    /// <c>@200000.cr</c>, <c>b.in</c>, <c>p@272000.out</c>, <c>#0-256000.rs</c>.
    /// </summary>
    private static SortedDictionary<string, decimal> ExpectedRates(JsonElement entry)
    {
        SortedDictionary<string, decimal> rates = new(StringComparer.Ordinal);
        List<(string Key, decimal Value)> cacheHits = new();
        foreach (JsonProperty field in entry.EnumerateObject())
        {
            Match match = RateField.Match(field.Name);
            if (!match.Success || field.Value.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            string service = match.Groups["service"].Success
                ? match.Groups["service"].Value switch { "batches" => "b", "flex" => "f", _ => "p" }
                : string.Empty;
            string scope = service + (match.Groups["k"].Success ? "@" + (long.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture) * 1000).ToString(CultureInfo.InvariantCulture) : string.Empty);
            string rate = match.Groups["field"].Value switch
            {
                "input_cost_per_token" => "in",
                "output_cost_per_token" => "out",
                "cache_read_input_token_cost" or "input_cost_per_token_cache_hit" => "cr",
                "cache_creation_input_token_cost" => "cw",
                _ => "rs",
            };
            string key = scope.Length == 0 ? rate : scope + "." + rate;
            decimal value = Decimal(field.Value);
            if (match.Groups["field"].Value == "input_cost_per_token_cache_hit")
            {
                cacheHits.Add((key, value));
            }
            else
            {
                rates[key] = value;
            }
        }

        foreach ((string key, decimal value) in cacheHits)
        {
            rates.TryAdd(key, value); // cache_read_input_token_cost wins over the older spelling
        }

        if (entry.TryGetProperty("tiered_pricing", out JsonElement tiers) && tiers.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement tier in tiers.EnumerateArray())
            {
                if (!tier.TryGetProperty("range", out JsonElement range))
                {
                    continue;
                }

                string scope = "#" + Decimal(range[0]).ToString("0", CultureInfo.InvariantCulture) + "-" + Decimal(range[1]).ToString("0", CultureInfo.InvariantCulture);
                foreach (JsonProperty field in tier.EnumerateObject())
                {
                    string? rate = field.Name switch
                    {
                        "input_cost_per_token" => "in",
                        "output_cost_per_token" => "out",
                        "cache_read_input_token_cost" => "cr",
                        "cache_creation_input_token_cost" => "cw",
                        "output_cost_per_reasoning_token" => "rs",
                        _ => null,
                    };
                    if (rate is not null)
                    {
                        rates[scope + "." + rate] = Decimal(field.Value);
                    }
                }
            }
        }

        return rates;
    }

    /// <summary>The runtime definition's stated rates, keyed the same way.</summary>
    private static SortedDictionary<string, decimal> ActualRates(ModelPriceDefinition definition)
    {
        SortedDictionary<string, decimal> rates = new(StringComparer.Ordinal);
        Add(rates, string.Empty, definition.Rates);
        foreach (ContextTier tier in definition.ContextTiers)
        {
            Add(rates, "@" + tier.AboveInputTokens.ToString(CultureInfo.InvariantCulture), tier.Rates);
        }

        foreach (RangeTier tier in definition.RangeTiers)
        {
            Add(rates, "#" + tier.Start.ToString(CultureInfo.InvariantCulture) + "-" + tier.End?.ToString(CultureInfo.InvariantCulture), tier.Rates);
        }

        foreach ((string letter, ServiceTierRates? service) in new[] { ("b", definition.Batch), ("f", definition.Flex), ("p", definition.Priority) })
        {
            if (service is null)
            {
                continue;
            }

            Add(rates, letter, service.Rates);
            foreach (ContextTier tier in service.ContextTiers)
            {
                Add(rates, letter + "@" + tier.AboveInputTokens.ToString(CultureInfo.InvariantCulture), tier.Rates);
            }
        }

        return rates;

        static void Add(SortedDictionary<string, decimal> rates, string scope, RateCard card)
        {
            string prefix = scope.Length == 0 ? string.Empty : scope + ".";
            if (card.Input is { } input) rates[prefix + "in"] = input;
            if (card.Output is { } output) rates[prefix + "out"] = output;
            if (card.CacheRead is { } cacheRead) rates[prefix + "cr"] = cacheRead;
            if (card.CacheWrite is { } cacheWrite) rates[prefix + "cw"] = cacheWrite;
            if (card.Reasoning is { } reasoning) rates[prefix + "rs"] = reasoning;
        }
    }

    private static decimal Decimal(JsonElement element) =>
        decimal.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Tokens(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal tokens) && tokens == decimal.Truncate(tokens) && tokens >= 0
            ? (long)tokens
            : null;
    }

    private static void Compare<T>(List<string> failures, string model, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            failures.Add($"{model}: {what}: JSON '{expected}', table '{actual}'");
        }
    }

    private static IEnumerable<JsonElement> Numbers(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                yield return element;
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    foreach (JsonElement number in Numbers(property.Value))
                    {
                        yield return number;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    foreach (JsonElement number in Numbers(item))
                    {
                        yield return number;
                    }
                }

                break;
        }
    }

    /// <summary>The exact value of a JSON number's text as (mantissa, power of ten), normalised.</summary>
    private static (BigInteger Mantissa, int Power) ExactValue(string raw)
    {
        int exponentAt = raw.IndexOfAny(new[] { 'e', 'E' });
        int exponent = exponentAt < 0 ? 0 : int.Parse(raw.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = exponentAt < 0 ? raw : raw.Substring(0, exponentAt);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        int fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        BigInteger digits = BigInteger.Parse(mantissa.Replace(".", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Normalise(digits, exponent - fraction);
    }

    private static (BigInteger Mantissa, int Power) ExactValue(decimal value)
    {
        int[] bits = decimal.GetBits(value);
        BigInteger mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        return Normalise(mantissa, -((bits[3] >> 16) & 0xFF));
    }

    private static (BigInteger, int) Normalise(BigInteger mantissa, int power)
    {
        if (mantissa.IsZero)
        {
            return (BigInteger.Zero, 0);
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            power++;
        }

        return (mantissa, power);
    }
}
