extern alias generator;

using generator::CostInstrumentation.Generators.Pricing.Emit;
using generator::CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Contract.Tests;

/// <summary>The price-table grammar: what the generator writes, the runtime reads back unchanged.</summary>
public sealed class PriceTableGrammarTests
{
    [Fact]
    public void EveryModelOfTheLiteLlmCatalogue_ReadsBackAsTheGeneratorStructuredIt()
    {
        PriceCatalog catalog = Generator.LiteLlm;
        string[] lines = PriceTableEmitter.TableText(catalog).Split(PriceTableGrammar.LineSeparator);

        Assert.True(catalog.Entries.Count > 2_500, "the catalogue has " + catalog.Entries.Count + " models");
        Assert.Equal(catalog.Entries.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            PriceEntry entry = catalog.Entries[i];
            PriceTableRow row = PriceTableGrammar.Read(lines[i]);
            Assert.Equal(
                (entry.Model, entry.Provider, entry.Mode, entry.MaxInputTokens, entry.MaxOutputTokens, entry.DeprecationDate, entry.Successor),
                (row.Model, row.Provider, row.Mode, row.MaxInputTokens, row.MaxOutputTokens, row.DeprecationDate, row.Successor));
            Assert.Equal(entry.Aliases.ToArray(), row.Aliases);
            Assert.Equal(Keys(Flatten(entry)), Keys(row.Rates));
        }
    }

    [Fact]
    public void EveryLineOfTheLiteLlmCatalogue_IsWrittenBackByteForByte()
    {
        string text = PriceTableEmitter.TableText(Generator.LiteLlm);
        StringBuilder rewritten = new();
        foreach (string line in text.Split(PriceTableGrammar.LineSeparator))
        {
            if (rewritten.Length > 0)
            {
                rewritten.Append(PriceTableGrammar.LineSeparator);
            }

            PriceTableGrammar.Write(rewritten, PriceTableGrammar.Read(line));
        }

        Assert.Equal(text, rewritten.ToString());
    }

    [Fact]
    public void RandomRows_RoundTrip()
    {
        Random random = new(20261206);
        for (int i = 0; i < 5_000; i++)
        {
            PriceTableRow row = RandomRow(random);
            StringBuilder text = new();
            PriceTableGrammar.Write(text, row);

            PriceTableRow read = PriceTableGrammar.Read(text.ToString());

            Assert.Equal(
                (row.Model, row.Provider, row.Mode, row.MaxInputTokens, row.MaxOutputTokens, row.DeprecationDate, row.Successor),
                (read.Model, read.Provider, read.Mode, read.MaxInputTokens, read.MaxOutputTokens, read.DeprecationDate, read.Successor));
            Assert.Equal(row.Aliases, read.Aliases);
            Assert.Equal(row.Rates.OrderBy(PriceTableGrammar.RateKey, StringComparer.Ordinal), read.Rates); // written in key order, values exact
        }
    }

    [Theory]
    [InlineData("m\t\t\t\t\t\t\tb#0-100.in=0.1")]   // a tier table has no service tier
    [InlineData("m\t\t\t\t\t\t\t#-100.in=0.1")]     // a range without its start
    [InlineData("m\t\t\t\t\t\t\tp@.in=0.1")]        // a long-context tier without its threshold
    [InlineData("m\t\t\t\t\t\t\tin=1e-6")]          // an exponent
    [InlineData("m\t\t\t\t\t\t\tx.in=0.1")]         // an unknown scope
    [InlineData("m\t\t\t\t\t\t\tin=0.1 ")]          // an empty pair
    [InlineData("m\t\t\t\t\t2026-02-30\t\tin=0.1")] // no such date
    public void LinesOutsideTheGrammar_AreRejected(string line) =>
        Assert.Throws<InvalidOperationException>(() => PriceTableGrammar.Read(line));

    /// <summary>The rates of a structured entry, flattened here independently of the emitter.</summary>
    private static IEnumerable<TableRate> Flatten(PriceEntry entry)
    {
        static IEnumerable<TableRate> Card(TableScope scope, RateSet card) =>
            new (TableRateField Field, decimal? Rate)[]
            {
                (TableRateField.Input, card.Input), (TableRateField.Output, card.Output), (TableRateField.CacheRead, card.CacheRead),
                (TableRateField.CacheWrite, card.CacheWrite), (TableRateField.Reasoning, card.Reasoning),
            }.Where(r => r.Rate is not null).Select(r => new TableRate(scope, r.Field, r.Rate!.Value));

        IEnumerable<TableRate> rates = Card(TableScope.Standard, entry.Rates)
            .Concat(entry.ContextTiers.SelectMany(t => Card(TableScope.Above(TableService.Standard, t.AboveInputTokens), t.Rates)))
            .Concat(entry.RangeTiers.SelectMany(t => Card(TableScope.Range(t.Start, t.End), t.Rates)));
        foreach (ServiceTierPrice service in entry.ServiceTiers)
        {
            TableService kind = Enum.Parse<TableService>(service.Service.ToString());
            rates = rates.Concat(Card(TableScope.Base(kind), service.Rates))
                .Concat(service.ContextTiers.SelectMany(t => Card(TableScope.Above(kind, t.AboveInputTokens), t.Rates)));
        }

        return rates;
    }

    private static string[] Keys(IEnumerable<TableRate> rates) => rates.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray();

    private static PriceTableRow RandomRow(Random random)
    {
        Dictionary<string, TableRate> rates = [];
        int count = random.Next(1, 12);
        while (rates.Count < count)
        {
            TableRate rate = RandomRate(random);
            rates.TryAdd(PriceTableGrammar.RateKey(rate), rate);
        }

        string[] aliases = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomId(random))];
        return new PriceTableRow(
            RandomId(random),
            random.Next(3) == 0 ? string.Empty : RandomId(random),
            random.Next(3) == 0 ? string.Empty : "chat",
            random.Next(3) == 0 ? null : random.NextInt64(0, 10_000_000),
            random.Next(3) == 0 ? null : random.NextInt64(0, 1_000_000),
            random.Next(2) == 0 ? string.Empty : new DateTime(2024, 1, 1).AddDays(random.Next(2_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            random.Next(2) == 0 ? string.Empty : RandomId(random),
            [.. rates.Values],
            aliases);
    }

    private static TableRate RandomRate(Random random)
    {
        TableRateField field = (TableRateField)random.Next(5);
        // Per-token rates as catalogues state them: up to 12 significant digits, 0 to 18 decimal places.
        decimal perToken = new decimal(random.NextInt64(0, 1_000_000_000_000)) / Pow10(random.Next(19));
        TableScope scope = random.Next(4) switch
        {
            0 => TableScope.Base((TableService)random.Next(4)),
            1 => TableScope.Above((TableService)random.Next(4), random.NextInt64(1, 2_000_000)),
            2 => TableScope.Range(random.NextInt64(0, 1_000_000), random.Next(5) == 0 ? null : random.NextInt64(1_000_000, 10_000_000)),
            _ => TableScope.Standard,
        };
        return new TableRate(scope, field, perToken);
    }

    private static decimal Pow10(int exponent)
    {
        decimal power = 1m;
        for (int i = 0; i < exponent; i++)
        {
            power *= 10m;
        }

        return power;
    }

    private static string RandomId(Random random)
    {
        const string characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@#= é日本";
        return new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => characters[random.Next(characters.Length)])]);
    }
}
