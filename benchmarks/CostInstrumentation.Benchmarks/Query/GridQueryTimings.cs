using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// <c>-- grid-query-timings DB [rounds]</c>: the runtime query alone (<see cref="LlmCostQuery"/>, no report layer, no HTTP)
/// of the grids the REST API's slowest routes ask for: a year of UTC days × model, provider and project, and 30 local days
/// of Kolkata × model and project. Prints rows read and p50/p95 in milliseconds; whole-process, no BenchmarkDotNet.
/// </summary>
internal static class GridQueryTimings
{
    public const string Command = "grid-query-timings";

    public static int Run(string[] args)
    {
        string database = args[1];
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        TimeZoneInfo kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        ReportPeriod kolkata30 = GridTimings.November(kolkata);
        CostFilter november = CostFilter.Between(kolkata30.FromUtc!.Value, kolkata30.ToUtc!.Value);
        // The buckets the report source asks for (SqliteReportSource.TimeCells).
        Func<DateTime, DateTime> kolkataDay = hour => LocalBucket.Of(ReportDimension.Day, new DateTimeOffset(hour, TimeSpan.Zero), kolkata);
        (string Name, Func<LlmCostQuery, int> Read)[] cases =
        [
            ("a year of UTC days × model", query => query.CrossBreakdown(CostDimension.Day, CostDimension.Model, new CostFilter()).Count()),
            ("a year of UTC days × provider", query => query.CrossBreakdown(CostDimension.Day, CostDimension.Provider, new CostFilter()).Count()),
            ("a year of UTC days × project", query => query.CrossBreakdown(CostDimension.Day, CostDimension.Project, new CostFilter()).Count()),
            ("30 Kolkata days × model", query => query.LocalBuckets(november, CostDimension.Model, kolkataDay)!.Count),
            ("30 Kolkata days × project", query => query.LocalBuckets(november, CostDimension.Project, kolkataDay)!.Count),
        ];
        Console.WriteLine($"| grid | rows | p50 | p95 | ({rounds} rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        using LlmCostQuery query = LlmCostQuery.Open(database);
        foreach ((string name, Func<LlmCostQuery, int> read) in cases)
        {
            List<double> times = [];
            int rows = 0;
            for (int i = -2; i < rounds; i++)
            {
                long start = Stopwatch.GetTimestamp();
                rows = read(query);
                if (i >= 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            Console.WriteLine($"| {name} | {rows:N0} | {ApiTimings.Percentile(times, 0.5):0.0} ms | {ApiTimings.Percentile(times, 0.95):0.0} ms |");
        }

        return 0;
    }
}
