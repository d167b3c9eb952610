using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace CostInstrumentation;

/// <summary>
/// The prices known to this process: the tables the generator compiled into its assemblies, which
/// register themselves at module start-up. The entry assembly's table is consulted first, then the
/// others in the order they registered.
/// </summary>
public static class LlmPricing
{
    private static readonly Lock s_gate = new();
    private static PriceTable[] s_tables = [];

    /// <summary>The registered tables, the one consulted first at the front.</summary>
    public static IReadOnlyList<PriceTable> Tables => Volatile.Read(ref s_tables);

    /// <summary>The version of the table consulted first (as-of date and content hash), or <c>none</c>.</summary>
    public static string Version => Tables is [var first, ..] ? first.Version : "none";

    /// <summary>Registers a table. Generated code calls this from a module initializer.</summary>
    public static void Register(PriceTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        lock (s_gate)
        {
            PriceTable[] current = s_tables;
            if (Array.IndexOf(current, table) >= 0)
            {
                return;
            }

            bool fromEntryAssembly = table.Owner is not null && table.Owner == Assembly.GetEntryAssembly();
            Volatile.Write(ref s_tables, fromEntryAssembly ? [table, .. current] : [.. current, table]);
        }
    }

    /// <summary>Finds the price of <paramref name="model"/> by id or alias (ordinal comparison).</summary>
    public static bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (PriceTable table in Volatile.Read(ref s_tables))
        {
            if (table.TryGetPrice(model, out price))
            {
                return true;
            }
        }

        price = null;
        return false;
    }

    /// <summary>Every priced model once, taken from the first table that prices it.</summary>
    public static IEnumerable<ModelPrice> GetAllPrices()
    {
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (PriceTable table in Volatile.Read(ref s_tables))
        {
            foreach (ModelPrice price in table.Prices)
            {
                if (seen.Add(price.Model))
                {
                    yield return price;
                }
            }
        }
    }
}
