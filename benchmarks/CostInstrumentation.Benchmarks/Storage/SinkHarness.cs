using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Benchmarks;

/// <summary>Quick iteration harness: CPU µs/record and records/s for the sink (1 producer) and the bare native loop.</summary>
public static class SinkHarness
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        int records = args.Length > 1 ? int.Parse(args[1]) : 400_000;
        int reps = args.Length > 2 ? int.Parse(args[2]) : 3;
        string which = args.Length > 3 ? args[3] : "both";
        LlmCallRecord[] pool = CreateRecords(4_096);
        for (int r = 0; r < reps; r++)
        {
            if (which is "both" or "sink")
            {
                Measure("sink", records, () =>
                {
                    string folder = NewFolder();
                    var sink = new SqliteCostSink(Path.Combine(folder, "costs.db"), Environment.GetEnvironmentVariable("LLMCOST_BATCH") is { } b ? new SqliteSinkOptions { MaxBatchSize = int.Parse(b) } : null);
                    return (() =>
                    {
                        for (int i = 0; i < records; i++) sink.Write(At(pool, i));
                        sink.FlushAsync().AsTask().GetAwaiter().GetResult();
                    }, () => { sink.DisposeAsync().AsTask().GetAwaiter().GetResult(); Directory.Delete(folder, true); });
                });
            }

            if (which is "both" or "native")
            {
                Measure("native", records, () =>
                {
                    string folder = NewFolder();
                    var c = new SqliteConnection($"Data Source={Path.Combine(folder, "costs.db")};Pooling=False");
                    c.Open();
                    SqliteSchema.Prepare(c);
                    var insert = new SqliteCallInsert(c);
                    return (() =>
                    {
                        for (int start = 0; start < records; start += 2000)
                        {
                            using var t = c.BeginTransaction();
                            for (int i = start; i < start + 2000 && i < records; i++)
                            {
                                LlmCallRecord rec = At(pool, i);
                                insert.Execute(rec, rec.CostUsd is { } cost ? SqliteCostSink.ToNanoUsd(cost) : null);
                            }
                            t.Commit();
                        }
                    }, () => { insert.Dispose(); c.Dispose(); Directory.Delete(folder, true); });
                });
            }
        }

        return 0;
    }

    private static void Measure(string name, int records, Func<(Action run, Action cleanup)> setup)
    {
        var (run, cleanup) = setup();
        GC.Collect();
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long t0 = Stopwatch.GetTimestamp();
        run();
        double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpu0).TotalMicroseconds / records;
        cleanup();
        Console.WriteLine($"{name,-8} {records / wall,10:N0} rec/s  {cpu,6:F2} µs CPU/rec");
    }

    private static LlmCallRecord At(LlmCallRecord[] pool, long n) => pool[n % pool.Length] with { TimestampUtc = Epoch.AddTicks(n * TimeSpan.TicksPerMillisecond) };

    private static string NewFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "llmcost-harness-" + Guid.NewGuid().ToString("N"))).FullName;

    private static LlmCallRecord[] CreateRecords(int count)
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
}
