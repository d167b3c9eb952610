using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// Lookup by a runtime model string over the full LiteLLM catalogue: the generated <see cref="PriceTable"/>
/// (index built, looked-up models materialised) against a Dictionary and a FrozenDictionary of
/// ready-made <see cref="ModelPrice"/>s over the same keys. Each invocation looks up 16 ids (15 hits, 1 miss);
/// the figures are per lookup. Goal: no slower than FrozenDictionary.
/// </summary>
[MemoryDiagnoser]
public class PriceLookupBenchmarks
{
    private const int Lookups = 16;

    private PriceTable _table = null!;
    private Dictionary<string, ModelPrice> _dictionary = null!;
    private FrozenDictionary<string, ModelPrice> _frozen = null!;
    private string[] _ids = null!;

    [GlobalSetup]
    public void Setup()
    {
        string data = Catalogue.TableText();
        if (Catalogue.LookupIds.Length != Lookups)
        {
            throw new InvalidOperationException("OperationsPerInvoke must match the number of ids.");
        }

        // The same keys for all three: every model id and alias of the table, first claim wins as in the index.
        _dictionary = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (ModelPrice price in Catalogue.NewTable(data).Prices)
        {
            _dictionary.TryAdd(price.Model, price);
            foreach (string alias in price.Definition.Aliases)
            {
                _dictionary.TryAdd(alias, price);
            }
        }

        _frozen = _dictionary.ToFrozenDictionary(StringComparer.Ordinal);

        _table = Catalogue.NewTable(data);
        LlmPricing.Register(_table);
        _ids = Catalogue.FreshLookupIds();
        foreach (string id in _ids)
        {
            bool inTable = _table.TryGetPrice(id, out _);
            if (inTable != (id != Catalogue.Miss) || inTable != _frozen.ContainsKey(id))
            {
                throw new InvalidOperationException($"'{id}' is {(inTable ? string.Empty : "not ")}in the table; the lookup mix assumes otherwise.");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int FrozenDictionary()
    {
        int found = 0;
        foreach (string id in _ids)
        {
            if (_frozen.TryGetValue(id, out ModelPrice? price))
            {
                found += price.Model.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Dictionary()
    {
        int found = 0;
        foreach (string id in _ids)
        {
            if (_dictionary.TryGetValue(id, out ModelPrice? price))
            {
                found += price.Model.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int PriceTable()
    {
        int found = 0;
        foreach (string id in _ids)
        {
            if (_table.TryGetPrice(id, out ModelPrice? price))
            {
                found += price.Model.Length;
            }
        }

        return found;
    }

    /// <summary>The static registry the metering shims call: one registered table.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int LlmPricingRegistry()
    {
        int found = 0;
        foreach (string id in _ids)
        {
            if (LlmPricing.TryGetPrice(id, out ModelPrice? price))
            {
                found += price.Model.Length;
            }
        }

        return found;
    }
}
