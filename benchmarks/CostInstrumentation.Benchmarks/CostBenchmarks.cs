using System;
using BenchmarkDotNet.Attributes;

namespace CostInstrumentation.Benchmarks;

/// <summary><see cref="ModelPrice.Cost(in LlmUsage, string?)"/> per call. Goal: ≤ 30 ns and 0 B allocated.</summary>
[MemoryDiagnoser]
public class CostBenchmarks
{
    private ModelPrice _gpt4o = null!;
    private ModelPrice _claudeSonnet = null!;
    private LlmUsage _plain;
    private LlmUsage _cacheAndReasoning;
    private LlmUsage _longContext;

    [GlobalSetup]
    public void Setup()
    {
        PriceTable table = Catalogue.NewTable(Catalogue.TableText());
        _gpt4o = Find(table, "gpt-4o");
        _claudeSonnet = Find(table, "claude-sonnet-4-5");
        _plain = new LlmUsage(InputTokens: 1_200, OutputTokens: 350);
        _cacheAndReasoning = new LlmUsage(InputTokens: 12_000, OutputTokens: 2_400, CachedInputTokens: 8_000, CacheWriteInputTokens: 2_000, ReasoningTokens: 1_800);
        _longContext = new LlmUsage(InputTokens: 250_000, OutputTokens: 4_000);
        if (_claudeSonnet.RatesFor(_longContext.InputTokens) == _claudeSonnet.BaseRates || _gpt4o.RatesFor(1, ServiceTier.Priority) == _gpt4o.BaseRates)
        {
            throw new InvalidOperationException("The catalogue no longer has the tiers these cases are meant to hit.");
        }
    }

    /// <summary>gpt-4o, input and output only, standard tier (the common call).</summary>
    [Benchmark(Baseline = true)]
    public decimal Plain() => _gpt4o.Cost(in _plain);

    /// <summary>claude-sonnet-4-5 with cache reads, cache writes and reasoning tokens: every term of the formula.</summary>
    [Benchmark]
    public decimal CacheAndReasoning() => _claudeSonnet.Cost(in _cacheAndReasoning);

    /// <summary>claude-sonnet-4-5 with 250K input: the &gt; 200K long-context tier.</summary>
    [Benchmark]
    public decimal LongContextTier() => _claudeSonnet.Cost(in _longContext);

    /// <summary>gpt-4o at service tier "priority", named by string as an SDK response reports it.</summary>
    [Benchmark]
    public decimal PriorityByName() => _gpt4o.Cost(in _plain, "priority");

    /// <summary>gpt-4o at <see cref="ServiceTier.Priority"/>, already parsed.</summary>
    [Benchmark]
    public decimal PriorityByEnum() => _gpt4o.Cost(in _plain, ServiceTier.Priority);

    private static ModelPrice Find(PriceTable table, string model) =>
        table.TryGetPrice(model, out ModelPrice? price) ? price : throw new InvalidOperationException($"'{model}' is not in the catalogue.");
}
