using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Emit;

/// <summary>
/// Emits the catalogue as one string constant that the runtime indexes on first use (layout in
/// docs/pricing-table-format.md). Measured on the full LiteLLM catalogue (docs/performance.md): a
/// UTF-16 literal adds tens of ms to a compile, a UTF-8 (u8) literal about twice that, a field
/// initialiser per model seconds and a string switch more; only the literal costs nothing at start-up.
/// </summary>
internal static class PriceTableEmitter
{
    public const string HintName = "LlmPriceTable.g.cs";

    private static readonly TableRateField[] Fields =
    {
        TableRateField.Input, TableRateField.Output, TableRateField.CacheRead, TableRateField.CacheWrite, TableRateField.Reasoning,
    };

    /// <summary>The pricing version recorded with every call the table prices: newest as-of date and a hash of <paramref name="data"/>.</summary>
    public static string TableVersion(PriceCatalog catalog, string data) =>
        (catalog.AsOf.Length == 0 ? "unversioned" : catalog.AsOf) + "+" + Fnv1a64(data).ToString("x16", CultureInfo.InvariantCulture);

    public static string Emit(PriceCatalog catalog)
    {
        string data = TableText(catalog);
        string version = TableVersion(catalog, data);
        string delimiter = new('"', System.Math.Max(3, LongestQuoteRun(data) + 1));

        IndentedWriter writer = GeneratedFile.Begin(string.Join(", ", catalog.Sources), "CA2255 // A module initializer in a library is the point: the table registers when the assembly loads.")
            .Line("/// <summary>The price table compiled from this project's pricing files.</summary>")
            .Line(GeneratedFile.CodeAttribute)
            .Line("internal static class LlmPriceTable")
            .Open()
            .Line("/// <summary>The pricing version recorded with every call: newest as-of date and content hash.</summary>")
            .Line("internal const string Version = " + CSharpLiteral.String(version) + ";")
            .Line()
            .Line("/// <summary>How many models the table prices (aliases not counted).</summary>")
            .Line("internal const int ModelCount = " + catalog.Entries.Count.ToString(CultureInfo.InvariantCulture) + ";")
            .Line()
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Register() =>")
            .Line("    global::CostInstrumentation.LlmPricing.Register(new global::CostInstrumentation.PriceTable(Version, Data, typeof(LlmPriceTable).Assembly));")
            .Line()
            .Line("private const string Data = " + delimiter)
            .Raw(data)
            .Raw("\n" + delimiter + ";\n")
            .Close()
            .Close();
        return writer.ToString();
    }

    /// <summary>One line per model, written by the shared grammar (docs/pricing-table-format.md).</summary>
    internal static string TableText(PriceCatalog catalog)
    {
        StringBuilder text = new();
        foreach (PriceEntry entry in catalog.Entries)
        {
            if (text.Length > 0)
            {
                text.Append(PriceTableGrammar.LineSeparator);
            }

            PriceTableGrammar.Write(text, Row(entry));
        }

        return text.ToString();
    }

    /// <summary>The entry as the table states it: every rate with the service and tier it applies to.</summary>
    internal static PriceTableRow Row(PriceEntry entry)
    {
        List<TableRate> rates = new();
        AddCard(rates, TableScope.Standard, entry.Rates);
        AddContextTiers(rates, TableService.Standard, entry.ContextTiers);
        foreach (InputRangeTier tier in entry.RangeTiers)
        {
            AddCard(rates, TableScope.Range(tier.Start, tier.End), tier.Rates);
        }

        foreach (ServiceTierPrice service in entry.ServiceTiers)
        {
            AddCard(rates, TableScope.Base(service.Service), service.Rates);
            AddContextTiers(rates, service.Service, service.ContextTiers);
        }

        return new PriceTableRow(entry.Model, entry.Provider, entry.Mode, entry.MaxInputTokens, entry.MaxOutputTokens, entry.DeprecationDate, entry.Successor, rates, entry.Aliases.AsImmutableArray());
    }

    private static void AddContextTiers(List<TableRate> rates, TableService service, EquatableArray<LongContextTier> tiers)
    {
        foreach (LongContextTier tier in tiers)
        {
            AddCard(rates, TableScope.Above(service, tier.AboveInputTokens), tier.Rates);
        }
    }

    private static void AddCard(List<TableRate> rates, TableScope scope, RateSet card)
    {
        foreach (TableRateField field in Fields)
        {
            if (card[field] is decimal perToken)
            {
                rates.Add(new TableRate(scope, field, perToken));
            }
        }
    }

    private static int LongestQuoteRun(string text)
    {
        int longest = 0;
        int run = 0;
        foreach (char c in text)
        {
            run = c == '"' ? run + 1 : 0;
            longest = System.Math.Max(longest, run);
        }

        return longest;
    }

    private static ulong Fnv1a64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}
