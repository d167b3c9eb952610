using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Benchmarks;

/// <summary>Quick iteration harness: CPU µs/record and records/s for the sink (1 producer) and the bare native loop.</summary>
public static class SinkHarness
{
    public static int Run(string[] args)
    {
        int records = args.Length > 1 ? int.Parse(args[1]) : 400_000;
        int reps = args.Length > 2 ? int.Parse(args[2]) : 3;
        string which = args.Length > 3 ? args[3] : "both";
        LlmCallRecord[] pool = BenchmarkRecords.CreatePool(4_096);
        for (int r = 0; r < reps; r++)
        {
            if (which is "both" or "sink")
            {
                Measure("sink", records, () =>
                {
                    string folder = BenchmarkRecords.NewFolder();
                    SqliteCostSink sink = new(Path.Combine(folder, "costs.db"));
                    return (() =>
                    {
                        for (int i = 0; i < records; i++) sink.Write(BenchmarkRecords.At(pool, i));
                        sink.FlushAsync().AsTask().GetAwaiter().GetResult();
                    }, () => { sink.DisposeAsync().AsTask().GetAwaiter().GetResult(); Directory.Delete(folder, true); });
                });
            }

            if (which is "both" or "native")
            {
                Measure("native", records, () =>
                {
                    string folder = BenchmarkRecords.NewFolder();
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
                                LlmCallRecord rec = BenchmarkRecords.At(pool, i);
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
}
