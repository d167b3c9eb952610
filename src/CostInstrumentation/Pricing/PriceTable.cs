using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace CostInstrumentation;

/// <summary>Returns the UTF-8 text of a generated price table (a literal in the generated assembly's data).</summary>
public delegate ReadOnlySpan<byte> PriceTableData();

/// <summary>
/// A frozen price table compiled into an assembly by the CostInstrumentation generator. Nothing is
/// parsed at start-up: the index is built on the first lookup and each model's price on its own first
/// lookup, so a 3,000-model catalogue costs a program only what it uses.
/// </summary>
public sealed class PriceTable
{
    private readonly PriceTableData _data;
    private readonly Lazy<PriceTableIndex> _index;

    /// <summary>Called by generated code; see docs/pricing-table-format.md for the data's layout.</summary>
    /// <param name="version">The pricing version recorded with every call (as-of date and content hash).</param>
    /// <param name="data">The table's UTF-8 text.</param>
    /// <param name="owner">The assembly that holds the table; the entry assembly's table takes precedence.</param>
    public PriceTable(string version, PriceTableData data, Assembly? owner = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(data);
        Version = version;
        Owner = owner;
        _data = data;
        _index = new Lazy<PriceTableIndex>(() => PriceTableIndex.Build(_data()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The pricing version: the newest as-of date of the sources and a hash of the table.</summary>
    public string Version { get; }

    /// <summary>The assembly that holds the table, when known.</summary>
    public Assembly? Owner { get; }

    /// <summary>How many models the table prices (aliases not counted).</summary>
    public int ModelCount => _index.Value.Offsets.Length;

    /// <summary>Finds a model by its id or one of its aliases (ordinal comparison).</summary>
    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        PriceTableIndex index = _index.Value;
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
            PriceTableIndex index = _index.Value;
            for (int entry = 0; entry < index.Offsets.Length; entry++)
            {
                yield return index.Prices[entry] ?? Materialize(index, entry);
            }
        }
    }

    private ModelPrice Materialize(PriceTableIndex index, int entry)
    {
        ReadOnlySpan<byte> data = _data();
        int start = index.Offsets[entry];
        int length = data[start..].IndexOf((byte)'\n');
        ModelPrice price = new(PriceTableLine.Parse(data.Slice(start, length < 0 ? data.Length - start : length)));
        return Interlocked.CompareExchange(ref index.Prices[entry], price, null) ?? price;
    }
}

/// <summary>The lookup built on a table's first use: ids and aliases to entries, and each entry's line.</summary>
internal sealed class PriceTableIndex
{
    private PriceTableIndex(FrozenDictionary<string, int> lookup, int[] offsets)
    {
        Lookup = lookup;
        Offsets = offsets;
        Prices = new ModelPrice?[offsets.Length];
    }

    internal FrozenDictionary<string, int> Lookup { get; }

    internal int[] Offsets { get; }

    internal ModelPrice?[] Prices { get; }

    internal static PriceTableIndex Build(ReadOnlySpan<byte> data)
    {
        List<int> offsets = [];
        Dictionary<string, int> lookup = new(StringComparer.Ordinal);
        int position = 0;
        while (position < data.Length)
        {
            ReadOnlySpan<byte> rest = data[position..];
            int end = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
            if (!line.IsEmpty)
            {
                int entry = offsets.Count;
                offsets.Add(position);
                PriceTableLine.AddIds(line, entry, lookup);
            }

            position += end < 0 ? rest.Length : end + 1;
        }

        return new PriceTableIndex(lookup.ToFrozenDictionary(StringComparer.Ordinal), [.. offsets]);
    }
}
