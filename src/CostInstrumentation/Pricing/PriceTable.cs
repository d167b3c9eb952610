using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace CostInstrumentation;

/// <summary>
/// A frozen price table compiled into an assembly by the CostInstrumentation generator. Nothing is
/// parsed at start-up: the index is built on the first lookup and each model's price on its own first
/// lookup, so a 3,000-model catalogue costs a program only what it uses.
/// </summary>
public sealed class PriceTable
{
    private readonly string _data;
    private PriceTableIndex? _index;

    /// <summary>Called by generated code; see docs/pricing-table-format.md for the data's layout.</summary>
    /// <param name="version">The pricing version recorded with every call (as-of date and content hash).</param>
    /// <param name="data">The table's text: one model per line.</param>
    /// <param name="owner">The assembly that holds the table; the entry assembly's table takes precedence.</param>
    public PriceTable(string version, string data, Assembly? owner = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(data);
        Version = version;
        Owner = owner;
        _data = data;
    }

    /// <summary>The pricing version: the newest as-of date of the sources and a hash of the table.</summary>
    public string Version { get; }

    /// <summary>The assembly that holds the table, when known.</summary>
    public Assembly? Owner { get; }

    /// <summary>How many models the table prices (aliases not counted).</summary>
    public int ModelCount => Index.Offsets.Length;

    // Racing first lookups may each build an index; one wins and the others are dropped. Cheaper than a lock.
    private PriceTableIndex Index => Volatile.Read(ref _index) ?? Interlocked.CompareExchange(ref _index, PriceTableIndex.Build(_data), null) ?? _index!;

    /// <summary>Finds a model by its id or one of its aliases (ordinal comparison).</summary>
    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        PriceTableIndex index = Index;
        if (index.Lookup.TryGetValue(model, out int entry))
        {
            price = index.Prices[entry] ?? Materialize(index, entry);
            return true;
        }

        price = null;
        return false;
    }

    /// <summary>Every model of the table, in the table's (ordinal) order.</summary>
    public IEnumerable<ModelPrice> Prices
    {
        get
        {
            PriceTableIndex index = Index;
            for (int entry = 0; entry < index.Offsets.Length; entry++)
            {
                yield return index.Prices[entry] ?? Materialize(index, entry);
            }
        }
    }

    private ModelPrice Materialize(PriceTableIndex index, int entry)
    {
        int start = index.Offsets[entry];
        int end = _data.IndexOf(PriceTableGrammar.LineSeparator, start);
        ModelPrice price = new(PriceTableLine.Parse(_data[start..(end < 0 ? _data.Length : end)]));
        return Interlocked.CompareExchange(ref index.Prices[entry], price, null) ?? price;
    }
}

/// <summary>The lookup built on a table's first use: ids and aliases to entries, and each entry's line.</summary>
internal sealed class PriceTableIndex
{
    private PriceTableIndex(Dictionary<string, int> lookup, int[] offsets)
    {
        Lookup = lookup;
        Offsets = offsets;
        Prices = new ModelPrice?[offsets.Length];
    }

    // A plain Dictionary: model ids share long prefixes, so a FrozenDictionary hashes whole strings just
    // the same and only adds milliseconds of first-use cost (docs/performance.md).
    internal Dictionary<string, int> Lookup { get; }

    internal int[] Offsets { get; }

    internal ModelPrice?[] Prices { get; }

    internal static PriceTableIndex Build(string data)
    {
        List<int> offsets = new(data.Length / 128);
        Dictionary<string, int> lookup = new(data.Length / 96, StringComparer.Ordinal);
        int position = 0;
        while (position < data.Length)
        {
            int end = data.IndexOf(PriceTableGrammar.LineSeparator, position);
            if (end < 0)
            {
                end = data.Length;
            }

            if (end > position)
            {
                int entry = offsets.Count;
                offsets.Add(position);
                PriceTableGrammar.AddIds(data, position, end, entry, lookup);
            }

            position = end + 1;
        }

        return new PriceTableIndex(lookup, [.. offsets]);
    }
}
