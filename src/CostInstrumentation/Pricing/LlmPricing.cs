using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace CostInstrumentation;

/// <summary>
/// The prices known to this process: the tables the generator compiled into its assemblies, which
/// register themselves at module start-up. The entry assembly's table is consulted first, then the
/// others in the order they registered. Override tables (<see cref="Override"/>: a pricing file read at start-up for
/// the day a provider changes prices) come before all of them, even for models a call site fixed at compile time.
/// </summary>
public static class LlmPricing
{
    private static readonly Lock s_gate = new();
    private static PriceTable[] s_tables = [];
    private static PriceTable[] s_overrides = [];

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

    /// <summary>The override tables in force, the one consulted first at the front.</summary>
    public static IReadOnlyList<PriceTable> Overrides => Volatile.Read(ref s_overrides);

    /// <summary>
    /// Puts <paramref name="table"/>'s prices before every compiled table (and before earlier overrides) for the models it
    /// lists, until the returned handle is disposed. Calls it prices record its <see cref="PriceTable.Version"/>.
    /// </summary>
    public static IDisposable Override(PriceTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        lock (s_gate)
        {
            Volatile.Write(ref s_overrides, [table, .. s_overrides]);
        }

        return new OverrideRegistration(table);
    }

    /// <summary>Finds the price of <paramref name="model"/> by id or alias (ordinal comparison).</summary>
    public static bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TryFind(Volatile.Read(ref s_overrides), model, out price) || TryFind(Volatile.Read(ref s_tables), model, out price);
    }

    /// <summary>The override's price of <paramref name="model"/> when one lists it, else <paramref name="compiled"/> (a call site's constant price).</summary>
    internal static ModelPrice OverrideOr(string model, ModelPrice compiled) =>
        TryFind(Volatile.Read(ref s_overrides), model, out ModelPrice? price) ? price : compiled;

    /// <summary>The version recorded with a call <paramref name="price"/> priced: its override's, else the first table's.</summary>
    internal static string VersionOf(ModelPrice? price)
    {
        if (price is not null)
        {
            foreach (PriceTable table in Volatile.Read(ref s_overrides))
            {
                if (table.TryGetPrice(price.Model, out ModelPrice? listed) && ReferenceEquals(listed, price))
                {
                    return table.Version;
                }
            }
        }

        return Version;
    }

    private static bool TryFind(PriceTable[] tables, string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        foreach (PriceTable table in tables)
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
        foreach (PriceTable table in (PriceTable[])[.. Volatile.Read(ref s_overrides), .. Volatile.Read(ref s_tables)])
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

    private sealed class OverrideRegistration(PriceTable table) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (s_gate)
                {
                    Volatile.Write(ref s_overrides, [.. s_overrides.Where(t => !ReferenceEquals(t, table))]);
                }
            }
        }
    }
}
