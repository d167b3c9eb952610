using System;
using System.IO;
using System.Linq;

namespace CostInstrumentation.Benchmarks;

/// <summary>The records the storage benchmarks write: a realistic mix, handed out in time order one millisecond apart.</summary>
internal static class BenchmarkRecords
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A few providers, models and projects, 97 sessions, half the calls tagged, some unpriced or failed.</summary>
    public static LlmCallRecord[] CreatePool(int count)
    {
        Random random = new(42);
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro"];
        string[] projects = ["search", "support", "billing"];
        return [.. Enumerable.Range(0, count).Select(i => new LlmCallRecord
        {
            TimestampUtc = Epoch,
            Provider = i % 4 == 2 ? "anthropic" : "openai",
            Model = models[i % models.Length],
            Operation = "Bench.Assistant.Ask",
            CallSite = "Assistant.cs:42",
            Project = projects[i % projects.Length],
            SessionId = "session-" + (i % 97),
            Tags = i % 2 == 0 ? [] : ["team:search", "tier:gold"],
            Usage = new LlmUsage(random.Next(100, 20_000), random.Next(10, 2_000), CachedInputTokens: random.Next(0, 100)),
            CostUsd = i % 50 == 0 ? null : random.Next(1, 1_000_000) / 100_000_000m,
            Duration = TimeSpan.FromMilliseconds(random.Next(50, 5_000)),
            Outcome = i % 40 == 0 ? LlmCallOutcome.Error : LlmCallOutcome.Ok,
            ErrorType = i % 40 == 0 ? "HttpRequestException" : null,
            PricingVersion = "2026-11-01",
        })];
    }

    /// <summary>The <paramref name="n"/>th record written: from the pool, stamped <paramref name="n"/> ms after <see cref="Epoch"/>.</summary>
    public static LlmCallRecord At(LlmCallRecord[] pool, long n) => pool[n % pool.Length] with { TimestampUtc = Epoch.AddTicks(n * TimeSpan.TicksPerMillisecond) };

    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "llmcost-bench-" + Guid.NewGuid().ToString("N"))).FullName;
}
